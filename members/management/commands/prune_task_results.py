from django.core.management.base import BaseCommand

from config.tasks import FINISHED_TASKS_KEPT, task_results_prune


class Command(BaseCommand):
    help = f"Delete background tasks that finished more than {FINISHED_TASKS_KEPT.days} days ago."

    def handle(self, *args, **options):
        deleted = task_results_prune()
        if options["verbosity"] > 0:
            self.stdout.write(f"{deleted} finished task(s) deleted.")

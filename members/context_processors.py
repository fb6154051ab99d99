from django.utils.functional import SimpleLazyObject

from members.access import chapter_access


def membership(request):
    """The current membership and what the user may do in their chapter, for navigation and templates.

    `access` is the chapter page's own access when the view set one, otherwise the user's access in
    their own chapter, computed only if a template asks (e.g. the navigation's leader links).
    """
    current = getattr(request, "membership", None)

    def own_access():
        if current is None or not current.is_current:
            return None
        return chapter_access(request.user, current.chapter, current)

    access = getattr(request, "access", None)
    return {"membership": current, "access": access if access is not None else SimpleLazyObject(own_access)}

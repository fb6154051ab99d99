def membership(request):
    """The current membership and chapter access, for the navigation and templates."""
    return {
        "membership": getattr(request, "membership", None),
        "access": getattr(request, "access", None),
    }

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    # The switcher names each language in its own language, as settings.LANGUAGES does
    # ({% get_available_languages %} would translate them: "Inglés" on a Spanish page).
    return {"SITE_NAME": settings.SITE_NAME, "INTERFACE_LANGUAGES": settings.LANGUAGES}

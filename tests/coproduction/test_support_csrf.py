"""The CSRF token in the box an htmx support returns (core/csrf.py's fast mask) is accepted by
Django's middleware when the box's form is posted back, with CSRF checks enforced."""

from django.test import Client
from django.urls import reverse


def test_the_support_box_token_passes_djangos_check_on_the_next_post(world):
    process = world.process(moment="support")
    proposal = world.proposal(process)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.people["member"])
    args = (process.slug, proposal.pk)
    client.get(reverse("coproduction:proposal-detail", args=args))  # sets the CSRF cookie
    support = reverse("coproduction:proposal-support", args=args)
    unsupport = reverse("coproduction:proposal-unsupport", args=args)

    first = client.post(support, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}, HTTP_HX_REQUEST="true")
    assert first.status_code == 200 and "You support this proposal." in first.content.decode()
    assert "csrftoken" in first.cookies  # renewed, as get_token renews it
    token = first.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert len(token) == 64

    tampered = token[:-1] + ("a" if token[-1] != "a" else "b")
    assert client.post(unsupport, {"csrfmiddlewaretoken": tampered}, HTTP_HX_REQUEST="true").status_code == 403
    second = client.post(unsupport, {"csrfmiddlewaretoken": token}, HTTP_HX_REQUEST="true")
    assert second.status_code == 200 and "Support this proposal" in second.content.decode()

"""Every resource of the taxonomy, FAQ, feedback, favourite, ticket-tag and exhibitor domains is
described in /openapi.json with the methods the clients use, and the permission table has a
policy for each of its writes (deny by default means a missing policy would refuse everyone)."""

from openevent.auth.policy import POLICIES

PATHS = {
    "/v1/event-types": {"get", "post"}, "/v1/event-types/{id}": {"get", "patch", "delete"},
    "/v1/event-types/{id}/events": {"get"},
    "/v1/event-topics": {"get", "post"}, "/v1/event-topics/{id}": {"get", "patch", "delete"},
    "/v1/event-topics/{id}/event-sub-topics": {"get"}, "/v1/event-topics/{id}/events": {"get"},
    "/v1/event-sub-topics": {"get", "post"}, "/v1/event-sub-topics/{id}": {"get", "patch", "delete"},
    "/v1/event-sub-topics/{id}/event-topic": {"get"}, "/v1/event-sub-topics/{id}/events": {"get"},
    "/v1/event-locations": {"get", "post"}, "/v1/event-locations/{id}": {"get", "patch", "delete"},
    "/v1/events/{id}/event-type": {"get"}, "/v1/events/{id}/event-topic": {"get"},
    "/v1/events/{id}/event-sub-topic": {"get"}, "/v1/events/{id}/relationships/event-type": {"get", "patch"},
    "/v1/faq-types": {"post"}, "/v1/faq-types/{id}": {"get", "patch", "delete"},
    "/v1/faqs": {"post"}, "/v1/faqs/{id}": {"get", "patch", "delete"}, "/v1/events/{id}/faqs": {"get"},
    "/v1/events/{id}/faq-types": {"get"}, "/v1/faq-types/{id}/faqs": {"get"},
    "/v1/feedbacks": {"post"}, "/v1/feedbacks/{id}": {"get", "patch", "delete"},
    "/v1/events/{id}/feedbacks": {"get"}, "/v1/sessions/{id}/feedbacks": {"get"}, "/v1/users/{id}/feedbacks": {"get"},
    "/v1/user-favourite-sessions": {"get", "post"}, "/v1/user-favourite-sessions/{id}": {"get", "delete"},
    "/v1/user-favourite-events": {"get", "post"}, "/v1/user-favourite-events/{id}": {"get", "delete"},
    "/v1/users/{id}/favourite-sessions": {"get"}, "/v1/users/{id}/favourite-events": {"get"},
    "/v1/users/{id}/user-favourite-sessions": {"get"}, "/v1/users/{id}/user-favourite-events": {"get"},
    "/v1/sessions/{id}/user-favourite-sessions": {"get"}, "/v1/events/{id}/user-favourite-sessions": {"get"},
    "/v1/ticket-tags": {"post"}, "/v1/ticket-tags/{id}": {"get", "patch", "delete"},
    "/v1/ticket-tags/{id}/relationships/tickets": {"get", "patch", "post", "delete"},
    "/v1/events/{id}/ticket-tags": {"get"}, "/v1/tickets/{id}/ticket-tags": {"get"},
    "/v1/exhibitors": {"post"}, "/v1/exhibitors/{id}": {"get", "patch", "delete"},
    "/v1/events/{id}/exhibitors": {"get"}, "/v1/sessions/{id}/exhibitors": {"get"},
    "/v1/events/{id}/reorder-exhibitors": {"post"},
}
WRITES = {
    "event-type": ("create", "update", "delete"), "event-topic": ("create", "update", "delete"),
    "event-sub-topic": ("create", "update", "delete"), "event-location": ("create", "update", "delete"),
    "faq-type": ("create", "update", "delete"), "faq": ("create", "update", "delete"),
    "feedback": ("create", "update", "delete"), "user-favourite-session": ("create", "delete"),
    "user-favourite-event": ("create", "delete"), "ticket-tag": ("create", "update", "delete"),
    "exhibitor": ("create", "update", "delete"),
}


async def test_paths_are_documented(client):
    paths = (await client.get("/openapi.json")).json()["paths"]
    missing = {path: sorted(methods - set(paths.get(path, {}))) for path, methods in PATHS.items()
               if not methods <= set(paths.get(path, {}))}
    assert missing == {}
    assert "patch" not in paths["/v1/user-favourite-sessions/{id}"]


def test_every_write_has_a_policy():
    missing = [(resource, action) for resource, actions in WRITES.items() for action in actions
               if not POLICIES.get((resource, action))]
    assert missing == []

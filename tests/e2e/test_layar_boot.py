"""The big screen recovers by itself when the Dash app never started (its React bundle failed to load once): the
boot watchdog in the index (assets/layar-watchdog.js, outside Dash) reloads /layar when no panel was drawn."""
from __future__ import annotations


def _fail_first(route, state: dict) -> None:  # noqa: ANN001
    if state["failed"] == 0:
        state["failed"] += 1
        route.fulfill(status=500, body="Internal Server Error")
    else:
        state["served"] += 1
        route.continue_()


def test_layar_whose_bundle_fails_once_recovers(live_server, page, request) -> None:  # noqa: ANN001
    request.node.allow_console_errors = True  # the failed bundle is logged by the browser, as it should be
    page.add_init_script("window.layarBootMs = 1500")  # tests only: the watchdog's first wait (20 s on a screen)
    state = {"failed": 0, "served": 0}
    page.route("**/dash_renderer*.js", lambda route: _fail_first(route, state))
    page.goto(live_server.url + "/layar?rotate=20&refresh=60")
    page.wait_for_selector(".layar-panel", timeout=30000)
    assert state == {"failed": 1, "served": 1}  # the panel came after the reload, with the bundle served
    page.wait_for_function("() => sessionStorage.getItem('layar-boot-attempts') === null")  # next time: short wait


def test_watchdog_waits_while_the_server_is_down(live_server, page, request) -> None:  # noqa: ANN001
    """No reload into the browser's own error page: while /health does not answer, the watchdog probes again later
    (with a growing wait) and reloads only once it answers."""
    request.node.allow_console_errors = True
    page.add_init_script("window.layarBootMs = 500")
    state = {"bundle": 0, "health": 0, "documents": 0}

    def bundle(route):  # noqa: ANN001, ANN202
        state["bundle"] += 1
        if state["bundle"] == 1:
            route.fulfill(status=500, body="Internal Server Error")
        else:
            route.continue_()

    def health(route):  # noqa: ANN001, ANN202
        state["health"] += 1
        if state["health"] <= 2:
            route.abort()  # the server is still down
        else:
            route.continue_()

    page.route("**/dash_renderer*.js", bundle)
    page.route("**/health", health)
    page.on("framenavigated", lambda frame: state.__setitem__("documents", state["documents"] + 1)
            if frame == page.main_frame else None)
    page.goto(live_server.url + "/layar")
    page.wait_for_selector(".layar-panel", timeout=30000)
    assert state["health"] == 3  # two probes refused, the third answered, then one reload
    assert state["documents"] == 2

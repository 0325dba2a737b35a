"""Chromium, and the checks a page must pass in it: what a reader relies on.

The tests (tests/content/test_browser.py, test_notebooks.py) and the page benchmark use
the same browser, flags and checks.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
from pathlib import Path
from urllib.parse import urlparse

from .benchmarks.common import FIRST_VISIT_BYTES

# The checks' browser: Debian's chromium-headless-shell, the Chromium of its chromium package (the same version,
# Blink and V8) without the full browser around the page, which is how Playwright itself runs pages headless.
# Six pages checked one after another in one browser: 10.9-11.6 CPU s, against 12.9-13.9 in the full browser.
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell"))
INSTALL = "apt-get install chromium-headless-shell"
# Lighthouse's (make bench-pages): the full browser, which its launcher expects.
LIGHTHOUSE_CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Chromium reads only the last --disable-features it is given, and Playwright gives its own list first: ours
# repeats Playwright's (as the pinned playwright passes it; test_browser's test_chromium_runs_only_the_page
# holds it to what Playwright passes) and adds the omnibox's suggestion popups. The full browser (a $CHROMIUM such as
# the Chrome of GitHub's runners) renders those, two WebUI pages, in a renderer of their own for every new window,
# though a headless window has no omnibox:
# 0.6-0.7 CPU seconds per page checked, none of them spent on the page (a page's checks took 5.2-5.5 CPU s
# with them, 4.2-4.5 without).
PLAYWRIGHT_DISABLED_FEATURES = [
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin", "OptimizationHints", "NetworkTimeServiceQuerying",
    "AimEnabled", "PreconnectToSearch", "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion",
]
NO_OMNIBOX_POPUP = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"]
# Without the networking flags Chromium calls home, which a closed network refuses.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + NO_OMNIBOX_POPUP),
]


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


class Watch:
    """Requests that leave the site, failed requests and console errors of one page."""

    def __init__(self, page, base: str):
        self.outside, self.failed, self.errors = [], [], []
        allowed = urlparse(base).netloc
        page.on("request", lambda r: urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).netloc != allowed and self.outside.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} (HTTP {r.status})"))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))


def load_problems(page, watch: Watch) -> list[str]:
    """What went wrong loading the page: requests outside the site, failed requests, console errors, empty sources."""
    problems = [f"request outside the site: {u}" for u in watch.outside]
    problems += [f"failed request: {u}" for u in watch.failed]
    problems += [f"console error: {e}" for e in watch.errors]
    if page.locator('script[src=""], img[src=""], iframe[src=""]').count():
        problems.append("an element with an empty src")
    return problems


# Colours switch at once when the reader toggles the palette: contrast is never measured halfway.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"
PHONE = {"width": 375, "height": 800}


def views_problems(page) -> list[str]:
    """Every view a reader gets of the page without reloading it, on a page just loaded in the light palette.

    Light at its width: the READING rules, axe's serious findings and code contrast. Then, as a
    reader switches them: the dark palette (the header's toggle; only colours change, so
    contrast and READING are checked again), a 375 px phone width in dark and in light
    (READING). It leaves the page at its width in the light palette, scrolled to the top.
    Before copying or scrolling: a copy button shows Material's "Copied" dialog, which axe
    would measure while it comes and goes (.md-dialog__inner).
    """
    width = page.viewport_size["width"]
    page.evaluate("window.scrollTo(0, 0)")
    problems = [f"light, {width} px: {v}" for v in page.evaluate(READING)]
    problems += [f"light: {v}" for v in page.evaluate(CODE_CONTRAST) + serious_violations(page)]
    page.add_style_tag(content=NO_TRANSITIONS)
    if not _switch_palette(page, "slate"):
        return problems + ["the dark palette did not apply (the header's palette toggle)"]
    problems += [f"dark: {v}" for v in page.evaluate(CODE_CONTRAST) + serious_violations(page, runOnly=["color-contrast"])]
    problems += [f"dark, {width} px: {v}" for v in page.evaluate(READING)]
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    _settle(page)
    problems += [f"dark, {PHONE['width']} px: {v}" for v in page.evaluate(READING)]
    if not _switch_palette(page, "default"):
        return problems + ["the light palette did not apply again (the header's palette toggle)"]
    problems += [f"light, {PHONE['width']} px: {v}" for v in page.evaluate(READING)]
    page.set_viewport_size(size)
    _settle(page)
    page.evaluate("window.scrollTo(0, 0)")
    return problems


def _switch_palette(page, scheme: str) -> bool:
    """Click the header's palette toggle, as a reader does; whether the page now shows `scheme`."""
    page.locator("form[data-md-component=palette] label:visible").click()
    try:
        page.wait_for_function(f"document.body.dataset.mdColorScheme === {scheme!r}", timeout=5000)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: the caller reports it as a finding
        return False
    _settle(page)
    return True


# The next animation frame, or an error after FRAME_WAIT_MS without one. Headless Chromium can stop drawing a page
# (seen once here, in about 250 page checks: the copy buttons that appear as a block scrolls into view never came, and
# waiting for a frame hung the run for half an hour): the check then fails, on its page, saying so, instead of hanging.
FRAME_WAIT_MS = 10000


def next_frame(wait_ms: int = FRAME_WAIT_MS) -> str:
    """A JavaScript function: the next animation frame, or an error saying the page is not being drawn."""
    return """() => new Promise((resolve, reject) => {
    const late = setTimeout(() => reject(new Error(
        `Chromium drew no frame of the page for ${%d / 1000} s (the document is ${document.visibilityState}, `
        + `${document.hasFocus() ? "focused" : "not focused"}): the checks that scroll or wait for a frame cannot run`)), %d);
    requestAnimationFrame((t) => { clearTimeout(late); resolve(t); });
})""" % (wait_ms, wait_ms)


NEXT_FRAME = next_frame()


def _settle(page) -> None:
    """Two animation frames: what the palette or the width changes has been laid out and painted."""
    page.evaluate(f"async () => {{ const frame = {NEXT_FRAME}; await frame(); await frame(); }}")


# Playwright waits for a script's promise without end: a page that stops running its tasks (its timers, its frames,
# the clipboard's answers), which a fresh run met once in a notebook page's copy check, hung the run instead of
# failing. A script that awaits the page runs through settled(), which gives up after SETTLE_MS.
SETTLE_MS = 60000
SETTLED = "guideSettled"  # the page's variable holding the outcome of what begin() started


def begin(page, script: str, arg=None, name: str = SETTLED) -> None:
    """Start script(arg), a function that returns a promise, in the page, keeping its outcome in window[name]."""
    page.evaluate(f"""(arg) => {{
        window.{name} = undefined;
        Promise.resolve(({script})(arg)).then((value) => {{ window.{name} = {{value}}; }},
                                              (error) => {{ window.{name} = {{error: String(error)}}; }});
    }}""", arg)


def outcome(page, name: str = SETTLED, timeout_ms: int = SETTLE_MS, what: str = "the script"):
    """The value of what begin() started, or an error after timeout_ms saying the page never settled it. It is
    waited for by playwright's own clock (wait_for_function), which keeps time when the page's timers stop."""
    try:
        page.wait_for_function(f"() => window.{name} !== undefined", timeout=timeout_ms, polling=100)
    except Exception as error:  # noqa: BLE001 - playwright's TimeoutError, said as the check's finding
        raise RuntimeError(f"{what} did not settle within {timeout_ms / 1000:g} s: the page stopped running its "
                           f"tasks ({type(error).__name__})") from error
    found = page.evaluate(f"() => window.{name}")
    if "error" in found:
        raise RuntimeError(f"{what} failed in the page: {found['error']}")
    return found.get("value")


def settled(page, script: str, arg=None, timeout_ms: int = SETTLE_MS, what: str = "the script"):
    """page.evaluate(script, arg) for a script that returns a promise (begin, outcome): its value, or an error after
    timeout_ms."""
    begin(page, script, arg)
    return outcome(page, timeout_ms=timeout_ms, what=what)


def copy_problems(page, code: list[str]) -> list[str]:
    """Whether each copy button copies exactly its code, in page order."""
    code = [c.rstrip("\n") for c in code]
    found = settled(page, COPY_EVERY_BLOCK, what="copying each block")
    copied = [text and text.rstrip("\n") for text, _ in found]
    if copied != code:
        first = next((n for n, (c, t) in enumerate(zip(copied, code)) if c != t), None)
        why = f" ({found[first][1]})" if first is not None and found[first][1] else ""
        return [f"copy buttons: {len(copied)} copied, {len(code)} expected; first difference: "
                f"{(copied[first], code[first]) if first is not None else None!r}{why}"]
    return []


class Transfers:
    """Bytes a page transfers (bodies as sent, gzip, and headers), and the URLs it requested."""

    def __init__(self, page):
        self.page, self.finished, self.requested = page, [], []
        page.on("request", lambda r: self.requested.append(r.url))
        page.on("requestfinished", lambda r: self.finished.append(r))

    def quiet(self) -> None:
        """Wait until the visit's requests are all in: playwright's "networkidle" (no request for 0.5 s). A check loads
        its page only to the load event (its scripts, styles and images in), checks what a reader sees meanwhile, and
        waits here for what is left of the quiet time before reading the transfers, instead of waiting for all of it
        first: a page load took 0.55 s to "networkidle", 0.15 s to its load event."""
        self.page.wait_for_load_state("networkidle")

    def problems(self) -> list[str]:
        """A first visit over FIRST_VISIT_BYTES, or one that loaded search before the reader opened it."""
        sizes = [(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"], r.url) for r in self.finished]
        found = []
        if (total := sum(n for n, _ in sizes)) > FIRST_VISIT_BYTES:
            found.append(f"a first visit transfers {total / 1000:.0f} KB, over {FIRST_VISIT_BYTES / 1000:.0f} KB: {sorted(sizes, reverse=True)[:5]}")
        if early := [u for u in self.requested if "search_index" in u or "/workers/search." in u]:
            found.append(f"search loaded before the reader opened it: {early}")
        return found


# What a reader sees at any width, in either palette: no page wider than the screen; Output
# blocks that wrap long lines, have no copy button and look unlike code blocks; tables that
# scroll in their own box and never break code across lines; charts at a readable size.
READING = """() => {
  const problems = [];
  const short = (el) => JSON.stringify(el.textContent.trim().slice(0, 60));
  if (document.documentElement.scrollWidth > innerWidth) {
    problems.push(`the page is ${document.documentElement.scrollWidth - innerWidth} px wider than the screen`);
  }
  for (const title of document.querySelectorAll(".highlight .filename")) {
    if (/^(Output|Printed to stderr)$/.test(title.textContent.trim())) problems.push(`an output shown as a code block: ${short(title.parentElement)}`);
  }
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const color = getComputedStyle(el).backgroundColor;
      if (!/rgba\\(.*, 0\\)$|transparent/.test(color)) return color;
    }
    return "none";
  };
  const code = document.querySelector(".highlight pre > code");
  for (const output of document.querySelectorAll(".output")) {
    const pre = output.querySelector("pre");
    const label = output.querySelector(".output__label");
    if (!pre) { problems.push(`an Output block without its text: ${short(output)}`); continue; }
    if (pre.scrollWidth > pre.clientWidth + 1) problems.push(`an Output block scrolls sideways instead of wrapping: ${short(pre)}`);
    if (output.querySelector("button, .md-clipboard, nav")) problems.push(`an Output block has a copy button: ${short(pre)}`);
    if (!label || !label.offsetHeight || !/\\S/.test(label.textContent)) problems.push(`an Output block without a visible label: ${short(pre)}`);
    const style = getComputedStyle(output);
    if (code && background(pre) === background(code)) problems.push(`an Output block has the background of a code block: ${short(pre)}`);
    if (parseFloat(style.borderLeftWidth) < 2) problems.push(`an Output block without its side bar: ${short(pre)}`);
  }
  for (const table of document.querySelectorAll(".md-typeset table")) {
    const fits = (el) => { const r = el.getBoundingClientRect(); return r.left >= -1 && r.right <= innerWidth + 1; };
    let box = table;
    while (box && !(fits(box) && ["auto", "scroll"].includes(getComputedStyle(box).overflowX))) box = box.parentElement;
    if (!fits(table) && !box) problems.push(`a table wider than the screen, not in a box of its own that scrolls: ${short(table.rows[0])}`);
    for (const el of table.querySelectorAll("code")) {
      if (el.getClientRects().length > 1) problems.push(`code broken across lines in a table: ${short(el)}`);
    }
  }
  for (const img of document.querySelectorAll(".md-typeset img[src$='.svg']")) {
    if (img.naturalWidth && img.getBoundingClientRect().width < 0.85 * Math.min(img.naturalWidth, 672)) {
      problems.push(`a chart shrunk to ${Math.round(img.getBoundingClientRect().width)} px of its ${img.naturalWidth}: its text is too small to read`);
    }
  }
  return problems;
}"""


# axe-core, as axe-playwright-python ships it, read once per process.
@functools.cache
def axe_script() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


# axe.run's serious and critical findings, as (rule, impact, help, the first nodes' selectors).
RUN_AXE = """([context, options]) => axe.run(context, options).then((results) => results.violations
    .filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => [v.id, v.impact, v.help, v.nodes.slice(0, 5).map((n) => n.target)]))"""


def serious_violations(page, **options) -> list[str]:
    """axe-core's serious and critical findings, code blocks aside (see code_contrast).

    axe is put into the page once, however many runs the page gets. It runs without building a CSS selector for
    each node it reports (`selectors: false`: a fifth of its time on these pages), which no finding depends on; only
    when it finds something does it run again with them, to name the nodes."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script())
    context, options = {"exclude": [[".highlight"]]}, {"resultTypes": ["violations"], **options}
    found = page.evaluate(RUN_AXE, [context, {**options, "selectors": False}])
    if found:
        found = page.evaluate(RUN_AXE, [context, options])
    return [f"{rule} ({impact}): {help_}: {targets}" for rule, impact, help_, targets in found]


# axe takes seconds per page on the thousands of token spans in code blocks, and they only
# come in a dozen colours: check each colour once, with the WCAG formula, in the browser.
CODE_CONTRAST = """() => {
  const rgb = (s) => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const seen = new Map();
  for (const el of document.querySelectorAll(".highlight code, .highlight code span")) {
    if (!el.textContent.trim()) continue;
    let bg = el, back;
    while (bg && (back = getComputedStyle(bg).backgroundColor) && (back === "transparent" || rgb(back)[3] === 0)) bg = bg.parentElement;
    const [fr, fg, fb, fa = 1] = rgb(getComputedStyle(el).color);
    const b = rgb(back);
    const mixed = [fr * fa + b[0] * (1 - fa), fg * fa + b[1] * (1 - fa), fb * fa + b[2] * (1 - fa)];
    const [hi, lo] = [lum(mixed), lum(b)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const key = `${el.className || "code"} ${getComputedStyle(el).color} on ${back}`;
    if (!seen.has(key)) seen.set(key, ratio);
  }
  return [...seen].filter(([, ratio]) => ratio < 4.5).map(([key, ratio]) => `${key}: ${ratio.toFixed(2)}:1`);
}"""


# Click each Python block's copy button and read the clipboard, in page order. A block in a
# collapsed admonition ("How this table is made") is copied as a reader does: opened first.
# The theme adds a block's button when the block comes into view (content.lazy): scroll to each.
# Each wait has a deadline rather than a number of tries, and each try scrolls the block into view
# again: the sections the browser skips while off screen take their real height as they are drawn,
# which can push a block out of view before the theme saw it, and under load (four pages at once
# on two cores, a build beside them) a button came more than 2 s late. [text, why it is missing].
COPY_EVERY_BLOCK = """async () => {
    const until = async (found, ms) => {
        const end = performance.now() + ms;
        for (;;) {
            const value = await found();
            if (value || performance.now() > end) return value;
            await new Promise((r) => setTimeout(r, 5));
        }
    };
    for (const details of document.querySelectorAll("details")) details.open = true;
    const copied = [];
    for (const block of document.querySelectorAll('.language-python')) {
        const button = await until(() => {
            block.scrollIntoView();
            return block.querySelector('[data-md-type="copy"]');
        }, 10000);
        if (!button) { copied.push([null, "no copy button 10 s after the block was scrolled into view"]); continue; }
        await navigator.clipboard.writeText("");
        button.click();
        const text = await until(() => navigator.clipboard.readText(), 5000);
        copied.push(text ? [text, null] : [null, "the clipboard was still empty 5 s after the click"]);
    }
    return copied;
}"""

# Follow a link to each heading; it must end at the top of the window, or as high as the
# end of the page lets it go. Each heading is measured once its position has held still for
# three frames. On a loaded machine the page may still be laying out, or scrolling, when
# the hash changes, and frames come far apart (a scroll can look still for three frames
# that are all late): a heading that is not there yet is measured again once it has held
# still for both three frames and 300 ms, at most ten seconds; only then is it wrong.
ANCHORS_SCROLL = """async (ids) => {
    const frame = %s;
    // Where the heading is once it has held still for 3 frames and `hold` ms (at most 10 s).
    const settled = async (id, hold) => {
        let top = NaN, still = 0, since = performance.now();
        for (const start = performance.now(); (still < 3 || performance.now() - since < hold) && performance.now() - start < 10000; ) {
            await frame();
            const now = document.getElementById(id).getBoundingClientRect().top;
            if (Math.abs(now - top) < 1) still += 1;
            else { still = 0; since = performance.now(); }
            top = now;
        }
        return top;
    };
    const lands = (top) => {
        const atBottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
        return top >= 0 && top < (atBottom ? window.innerHeight : 200);
    };
    await Promise.race([document.fonts.ready, new Promise((_, fail) => setTimeout(() => fail(new Error("the page's fonts did not load in %d ms")), %d))]);
    const wrong = [];
    for (const id of ids) {
        location.hash = id;
        let top = await settled(id, 0);
        // Under load, frames come late and a scroll still under way can look still for 3 of them:
        // a heading not there yet is measured again once it has held still for 300 ms.
        if (!lands(top)) top = await settled(id, 300);
        if (!lands(top)) wrong.push(`#${id} ends ${Math.round(top)} px down`);
    }
    return wrong;
}""" % (NEXT_FRAME, FRAME_WAIT_MS, FRAME_WAIT_MS)


def version() -> str:
    """Chromium's version, without starting it (for the pass records' keys)."""
    import subprocess

    out = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, stdin=subprocess.DEVNULL).stdout
    return out.strip()


class Chromium:
    """The browser the checks share, launched on first use or by start_early: a warm run with nothing changed launches
    none."""

    def __init__(self):
        self.version = version()
        self._playwright = self._browser = None

    def __getattr__(self, name: str):  # new_context and the rest of playwright's Browser
        return getattr(self.start(), name)

    def start(self):
        """Its playwright Browser, launched now if it was not yet."""
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = launch(self._playwright)
        return self._browser

    def connected(self) -> bool:
        """Whether its browser, if started, still answers (not once it has crashed or been closed)."""
        return self._browser is None or self._browser.is_connected()

    def close(self) -> None:
        if self._browser is not None:
            if self._browser.is_connected():
                self._browser.close()
            self._playwright.stop()
            self._playwright = self._browser = None


# Pages checked at once. A page's checks also wait (for the network to go idle, for frames while
# scrolling), and other pages' work fills those waits: on two cores, 32 guide pages took 87 s two at
# a time and 72 s four at a time.
BROWSERS_AT_ONCE = 4


def in_parallel(checks: dict, browsers: int = BROWSERS_AT_ONCE, then: dict | None = None) -> dict:
    """Run checks, each a function of a browser, `browsers` at a time, each browser in its own thread.
    {name: what its check returned, or the exception it raised}: each page's test then reports its own
    result, as if it had run alone. Each browser is a separate Chromium, so pages checked at once never
    share a clipboard or a cache. The threads and their browsers are kept for the next call (_Worker),
    as one thread's browser already checks one page after another: each call used to start its own
    (a Chromium and a playwright driver, 1.5 CPU seconds each, three calls in a run).

    `then`: more checks, taken once every one of `checks` has been, each by the first browser free, which starts no
    browser of its own: after an edit, the searches ran after both pages' checks, in one browser, the other idle."""
    import queue
    import threading

    todo: queue.Queue = queue.Queue()
    for item in (*checks.items(), *(then or {}).items()):
        todo.put(item)
    found: dict = {}

    def drain(chromium) -> None:
        while True:
            try:
                name, check = todo.get_nowait()
            except queue.Empty:
                return
            try:
                if isinstance(chromium, BaseException):  # its browser did not start (_Worker)
                    raise RuntimeError(f"Chromium did not start: {chromium!r}") from chromium
                found[name] = check(chromium)
            except BaseException as e:  # noqa: BLE001 - raised again by that page's test; pytest.fail and skip are BaseExceptions
                found[name] = e

    at_once = min(browsers, len(checks)) or (1 if then else 0)  # a browser for `then` alone, when no page is to check
    done = [threading.Event() for _ in range(at_once)]
    for worker, finished in zip(_workers(len(done)), done):
        worker.tasks.put((drain, finished))
    for finished in done:
        finished.wait()
    return found


def in_a_kept_browser(check):
    """check(chromium), run in the first of the browsers in_parallel keeps, which checked the pages already: a check
    that needs one browser starts no Chromium of its own (a browser and a playwright driver, about 3 CPU seconds).
    What it raised is raised here, in the caller's thread, for its test to report."""
    found = in_parallel({"check": check}, browsers=1)["check"]
    if isinstance(found, BaseException):
        raise found
    return found


def in_a_tab(check):
    """check(page) as a check of a browser (in_parallel's): in a new tab, in a browser context of its own (tab)."""

    def run(chromium):
        with tab(chromium) as page:
            return check(page)

    return run


def in_a_kept_tab(check):
    """check(page): a new tab of a kept browser (in_a_kept_browser), in a browser context of its own."""
    return in_a_kept_browser(in_a_tab(check))


@contextlib.contextmanager
def tab(chromium, **options):
    """A new page in a browser context of its own (options: playwright's new_context), closed with it: no cookie,
    cache or clipboard permission carries over from another check."""
    context = chromium.new_context(**options)
    try:
        yield context.new_page()
    finally:
        context.close()


class _Worker:
    """A thread that owns a Chromium (playwright's sync API belongs to the thread that started it), started on its
    first check and kept until close_workers (at exit); a browser that has crashed or closed, or did not start, is
    started again for the next task."""

    def __init__(self):
        import queue
        import threading

        self.tasks: queue.Queue = queue.Queue()
        # Its kind of browser, bound now: a tooling test that replaces Chromium with a fake for its own pool
        # (tests/tooling/test_in_parallel.py) must not hand the fake to a worker of the run's pool starting meanwhile.
        self.make = Chromium
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        chromium = None
        try:
            while (task := self.tasks.get()) is not None:
                drain, finished = task
                try:
                    if chromium is not None and not chromium.connected():
                        chromium.close()
                        chromium = None
                    try:
                        chromium = chromium or self.make()
                    except Exception as error:  # noqa: BLE001 - each check it takes fails with this error, and the thread
                        drain(error)  # stays for the next task, which starts one again (a dead thread would hang it)
                        continue
                    drain(chromium)
                finally:
                    finished.set()
        finally:
            if chromium is not None:
                chromium.close()


_pool: list[_Worker] = []


def _workers(n: int) -> list[_Worker]:
    while len(_pool) < n:
        _pool.append(_Worker())
    return _pool[:n]


def start_early(n: int) -> None:
    """Launch n of the browsers in_parallel keeps now, each in its thread, without waiting for them: for checks that
    will need them once what they check exists (a site being built). A launch that fails is tried again by the first
    check its browser takes, which reports the error."""
    import threading

    for worker in _workers(n):
        worker.tasks.put((_launch, threading.Event()))


def _launch(chromium) -> None:
    """start_early's task for one worker (a drain, as in_parallel's): launch its browser (one that could not even be
    made arrives as the error: _Worker)."""
    if not isinstance(chromium, BaseException):
        with contextlib.suppress(Exception):  # met again, and reported, by the first check it takes
            chromium.start()


@atexit.register
def close_workers() -> None:
    """Close the kept browsers, each in its own thread."""
    for worker in _pool:
        worker.tasks.put(None)
    for worker in _pool:
        worker.thread.join(30)
    _pool.clear()

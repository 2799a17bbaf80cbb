#!/usr/bin/python3
"""Check a parley HTML report (`parley report RESULTS.db -o report.html`) in headless Chromium.

Opens the report offline with Chromium through chromedriver and checks the report contract:

  1. no console message of level SEVERE (JavaScript errors, failed loads), no request for
     anything but file:, data: or blob: URLs, and no http(s):// src/href on the elements that
     load things (script, link, img, iframe, ...);
  2. document.documentElement.dataset.ready becomes "true" within --ready-timeout seconds;
  3. every <figure class="chart"> has a non-empty <figcaption>, an <svg> and at least one
     .mark with a nonzero bounding box, and every required data-chart kind is present
     (talks, survival-agreement, survival-peace, deaths, terms, differences, map);
  4. exactly --provinces <path class="province"> elements in the map figure, each with a
     data-region, a nonzero bounding box and a real fill colour;
  5. moving #map-month from its first to its last month (setting the value and dispatching
     an input event) changes the text of #map-month-label and the fill of at least one
     province; #map-variant is a <select> with at least one option;
  6. saves a full-page PNG screenshot (--screenshot) and prints its path.

Exit status: 0 when every check passes, 1 when any fails (each failure is listed), 2 for a
usage error. Needs the Debian packages chromium, chromium-driver and python3-selenium
(scripts/install-deps.sh); run it with /usr/bin/python3. Nothing is downloaded: selenium is
pointed at /usr/bin/chromedriver and the browser is given a proxy that does not exist.
"""

import argparse
import html.parser
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REQUIRED_KINDS = ["talks", "survival-agreement", "survival-peace", "deaths", "agenda", "victory", "terms", "differences", "map"]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome:", "chrome-error:", "devtools:")
# Elements whose src/href (or srcset, poster, data) makes the browser load something.
LOADING_ATTRS = {
    "script": ["src"], "link": ["href"], "img": ["src", "srcset"], "iframe": ["src"],
    "frame": ["src"], "embed": ["src"], "object": ["data"], "source": ["src", "srcset"],
    "video": ["src", "poster"], "audio": ["src"], "track": ["src"], "input": ["src"],
    "image": ["href", "xlink:href"], "use": ["href", "xlink:href"], "feimage": ["href", "xlink:href"],
}


class Failures:
    def __init__(self):
        self.items = []

    def add(self, check, message):
        self.items.append(f"[{check}] {message}")


class ExternalRefFinder(html.parser.HTMLParser):
    """Collects src/href attributes on loading elements that point off this machine."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = LOADING_ATTRS.get(tag.lower())
        if not names:
            return
        for name, value in attrs:
            if name.lower() in names and value:
                v = value.strip().lower()
                if v.startswith(("http://", "https://", "//", "ftp://", "ws://", "wss://")):
                    line, _ = self.getpos()
                    self.found.append(f"line {line}: <{tag} {name}=\"{value.strip()}\">")

    handle_startendtag = handle_starttag


def short(text, limit=300):
    if isinstance(text, BaseException):  # WebDriver errors: the message, not chromedriver's stack
        text = (getattr(text, "msg", None) or str(text)).split("Stacktrace:")[0]
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def static_checks(report, failures):
    source = report.read_text(encoding="utf-8", errors="replace")
    finder = ExternalRefFinder()
    finder.feed(source)
    finder.close()
    for ref in finder.found:
        failures.add("offline", f"the HTML loads a resource from the network: {ref}")


def start_browser(args, profile_dir):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        raise RuntimeError(f"cannot import selenium ({e}); install python3-selenium "
                           "(bash scripts/install-deps.sh) and run with /usr/bin/python3")
    for path, package in ((args.chromedriver, "chromium-driver"), (args.chromium, "chromium")):
        if not os.path.exists(path):
            raise RuntimeError(f"{path} not found; install {package} (bash scripts/install-deps.sh)")
    options = webdriver.ChromeOptions()
    options.binary_location = args.chromium
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--disable-extensions", "--disable-default-apps",
                 "--hide-scrollbars", "--force-device-scale-factor=1",
                 f"--window-size={args.width},{args.height}", f"--user-data-dir={profile_dir}",
                 # Offline for certain: any http(s) request goes to a proxy that is not there
                 # (it still shows up in the network log, which is what check 1 reads).
                 "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(executable_path=args.chromedriver, log_path=str(Path(profile_dir).parent / "chromedriver.log"))
    return webdriver.Chrome(service=service, options=options)


class Logs:
    """Drains the browser and performance logs (chromedriver empties them on each read)."""

    def __init__(self, driver):
        self.driver = driver
        self.console = []
        self.requests = []

    def drain(self):
        try:
            self.console.extend(self.driver.get_log("browser"))
        except Exception as e:  # noqa: BLE001 - report, do not hide, a log we cannot read
            self.console.append({"level": "SEVERE", "message": f"(could not read the console log: {e})"})
        try:
            for entry in self.driver.get_log("performance"):
                msg = json.loads(entry["message"])["message"]
                if msg.get("method") == "Network.requestWillBeSent":
                    self.requests.append(msg["params"]["request"]["url"])
        except Exception as e:  # noqa: BLE001
            self.console.append({"level": "SEVERE", "message": f"(could not read the network log: {e})"})


FIGURES_JS = r"""
const out = [];
const nonzero = el => { const r = el.getBoundingClientRect(); return r.width > 0 || r.height > 0; };
document.querySelectorAll('figure.chart').forEach((fig, i) => {
  const cap = fig.querySelector('figcaption');
  const marks = Array.from(fig.querySelectorAll('.mark'));
  out.push({index: i, kind: fig.getAttribute('data-chart'),
            caption: cap ? cap.textContent.trim() : null,
            svgs: fig.querySelectorAll('svg').length,
            marks: marks.length, visible: marks.filter(nonzero).length});
});
return out;
"""

PROVINCES_JS = r"""
const map = document.querySelector('figure.chart[data-chart="map"]');
const all = document.querySelectorAll('path.province');
const inMap = map ? map.querySelectorAll('svg path.province') : [];
return {mapFigures: document.querySelectorAll('figure.chart[data-chart="map"]').length,
        total: all.length, inMap: inMap.length,
        provinces: Array.from(inMap).map(p => {
          const r = p.getBoundingClientRect();
          return {region: p.getAttribute('data-region'), width: r.width, height: r.height,
                  isMark: p.classList.contains('mark'), fill: getComputedStyle(p).fill};
        })};
"""

STATE_JS = r"""
const label = document.getElementById('map-month-label');
const map = document.querySelector('figure.chart[data-chart="map"]');
const provinces = map ? Array.from(map.querySelectorAll('svg path.province')) : [];
return {label: label ? label.textContent.trim() : null,
        fills: provinces.map(p => getComputedStyle(p).fill + '|' + (p.getAttribute('fill') || '') + '|' + p.style.fill)};
"""

CONTROLS_JS = r"""
const s = document.getElementById('map-month'), v = document.getElementById('map-variant'),
      l = document.getElementById('map-month-label');
return {slider: s ? {tag: s.tagName.toLowerCase(), type: s.type, min: s.min, max: s.max, value: s.value} : null,
        variant: v ? {tag: v.tagName.toLowerCase(), options: v.options ? v.options.length : 0} : null,
        label: l ? l.textContent.trim() : null};
"""

SET_MONTH_JS = r"""
const s = document.getElementById('map-month');
s.value = arguments[0];
s.dispatchEvent(new Event('input', {bubbles: true}));
return s.value;
"""


def is_real_colour(fill):
    f = (fill or "").strip().lower()
    if not f or f in ("none", "transparent") or f.startswith("url("):
        return False
    if f.startswith("rgba(") or f.startswith("color("):
        parts = f[f.index("(") + 1 : f.rindex(")")].replace("/", ",").replace(" ", ",").split(",")
        parts = [p for p in parts if p]
        try:
            if len(parts) >= 4 and float(parts[-1].rstrip("%")) == 0:
                return False
        except ValueError:
            return False
    return True


def check_figures(driver, failures):
    figures = driver.execute_script(FIGURES_JS)
    if not figures:
        failures.add("charts", 'no <figure class="chart"> in the page')
    for f in figures:
        name = f'figure.chart #{f["index"] + 1} (data-chart="{f["kind"]}")'
        if f["kind"] is None:
            failures.add("charts", f"{name} has no data-chart attribute")
        if not f["caption"]:
            failures.add("charts", f"{name} has " + ("an empty <figcaption>" if f["caption"] == "" else "no <figcaption>"))
        if f["svgs"] == 0:
            failures.add("charts", f"{name} has no <svg>")
        if f["marks"] == 0:
            failures.add("charts", f"{name} has no .mark element (nothing drawn)")
        elif f["visible"] == 0:
            failures.add("charts", f"{name} has {f['marks']} .mark elements, all with an empty bounding box")
    kinds = [f["kind"] or "" for f in figures]
    for kind in REQUIRED_KINDS:
        if not any(k.startswith(kind) for k in kinds):
            failures.add("charts", f'no chart of kind "{kind}" (no figure.chart whose data-chart starts with "{kind}"); '
                         f"kinds present: {', '.join(sorted(set(kinds))) or 'none'}")
    return len(figures)


def check_provinces(driver, expected, failures):
    info = driver.execute_script(PROVINCES_JS)
    if info["mapFigures"] != 1:
        failures.add("map", f'expected one <figure class="chart" data-chart="map">, found {info["mapFigures"]}')
    if info["inMap"] != expected:
        failures.add("map", f"expected {expected} path.province elements in the map's svg, found {info['inMap']}"
                     + (f" ({info['total']} in the whole page)" if info["total"] != info["inMap"] else ""))
    regions = {}
    for i, p in enumerate(info["provinces"]):
        name = f'province #{i + 1} (data-region="{p["region"]}")'
        if not p["region"]:
            failures.add("map", f"{name} has no data-region")
        else:
            regions.setdefault(p["region"], 0)
            regions[p["region"]] += 1
        if not (p["width"] > 0 or p["height"] > 0):
            failures.add("map", f"{name} has an empty bounding box")
        if not p["isMark"]:
            failures.add("map", f"{name} lacks class mark")
        if not is_real_colour(p["fill"]):
            failures.add("map", f"{name} has no real fill colour (computed fill: {p['fill']!r})")
    for region, n in regions.items():
        if n > 1:
            failures.add("map", f'data-region="{region}" is on {n} provinces')
    return info["inMap"]


def check_slider(driver, failures, wait_seconds):
    c = driver.execute_script(CONTROLS_JS)
    ok = True
    if c["slider"] is None:
        failures.add("slider", 'no <input type="range" id="map-month">')
        ok = False
    elif c["slider"]["tag"] != "input" or c["slider"]["type"] != "range":
        failures.add("slider", f'#map-month is <{c["slider"]["tag"]} type="{c["slider"]["type"]}">, not <input type="range">')
        ok = False
    if c["variant"] is None:
        failures.add("slider", 'no <select id="map-variant">')
    elif c["variant"]["tag"] != "select":
        failures.add("slider", f'#map-variant is <{c["variant"]["tag"]}>, not <select>')
    elif c["variant"]["options"] == 0:
        failures.add("slider", "#map-variant has no <option>")
    if c["label"] is None:
        failures.add("slider", "no #map-month-label")
        ok = False
    if not ok:
        return None
    lo, hi = c["slider"]["min"] or "0", c["slider"]["max"] or "100"
    try:
        if float(lo) >= float(hi):
            failures.add("slider", f"#map-month has min={lo} and max={hi}: there is only one month to show")
            return None
    except ValueError:
        failures.add("slider", f"#map-month has min={lo!r}, max={hi!r}, which are not numbers")
        return None

    driver.execute_script(SET_MONTH_JS, lo)
    time.sleep(0.3)  # let a handler that defers to requestAnimationFrame finish
    first = driver.execute_script(STATE_JS)
    driver.execute_script(SET_MONTH_JS, hi)
    deadline = time.monotonic() + wait_seconds
    while True:
        last = driver.execute_script(STATE_JS)
        label_changed = last["label"] != first["label"]
        fill_changed = last["fills"] != first["fills"]
        if (label_changed and fill_changed) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    if not first["label"]:
        failures.add("slider", f"#map-month-label is empty at the first month (min={lo})")
    if not label_changed:
        failures.add("slider", f"moving #map-month from {lo} to {hi} (input event) left #map-month-label "
                     f"unchanged: {first['label']!r}")
    if not fill_changed:
        failures.add("slider", f"moving #map-month from {lo} to {hi} (input event) changed no province's fill")
    changed = sum(a != b for a, b in zip(first["fills"], last["fills"]))
    return f"label {first['label']!r} -> {last['label']!r}, {changed} province fills changed"


def save_screenshot(driver, path, width, height):
    """Full page through the DevTools protocol; the 1400x900 window if that fails."""
    import base64
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    try:
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        w = max(width, int(size["width"] + 0.999))
        h = min(max(height, int(size["height"] + 0.999)), 16000)
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))
        return f"{w}x{h} full page"
    except Exception:  # noqa: BLE001 - fall back to the window
        if not driver.save_screenshot(str(path)):
            raise
        return f"{width}x{height} window"


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", type=Path, help="the HTML report to check")
    parser.add_argument("--provinces", type=int, default=34, metavar="N",
                        help="number of path.province elements the map must have (default: 34, the Afghanistan scenario)")
    parser.add_argument("--screenshot", type=Path, metavar="PNG",
                        help="where to save the PNG screenshot (default: the report's path with .png)")
    parser.add_argument("--ready-timeout", type=float, default=10, metavar="SECONDS",
                        help="how long to wait for data-ready=\"true\" (default: 10)")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium binary (default: %(default)s)")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver", help="chromedriver (default: %(default)s)")
    parser.add_argument("--width", type=int, default=1400, help="window width (default: %(default)s)")
    parser.add_argument("--height", type=int, default=900, help="window height (default: %(default)s)")
    args = parser.parse_args()

    report = args.report.resolve()
    if not report.is_file():
        print(f"check_report: {args.report}: no such file", file=sys.stderr)
        return 1
    screenshot = (args.screenshot or report.with_suffix(".png")).resolve()
    failures = Failures()
    notes = []

    static_checks(report, failures)

    work = Path(tempfile.mkdtemp(prefix="parley-browser-"))
    driver = None
    try:
        try:
            driver = start_browser(args, str(work / "profile"))
        except Exception as e:  # noqa: BLE001
            failures.add("browser", f"could not start headless Chromium: {short(e, 600)}")
            log = work / "chromedriver.log"
            if log.exists():
                failures.add("browser", "chromedriver log tail: " + short(log.read_text(errors="replace")[-1500:], 1500))
            driver = None
        logs = None
        if driver is not None:
            try:
                from selenium.common.exceptions import TimeoutException
                from selenium.webdriver.support.ui import WebDriverWait
                logs = Logs(driver)
                driver.set_page_load_timeout(60)
                driver.get(report.as_uri())
                try:
                    WebDriverWait(driver, args.ready_timeout, poll_frequency=0.1).until(
                        lambda d: d.execute_script("return document.documentElement.dataset.ready") == "true")
                except TimeoutException:
                    value = driver.execute_script("return document.documentElement.dataset.ready")
                    failures.add("ready", f'document.documentElement.dataset.ready is {value!r}, not "true", '
                                 f"after {args.ready_timeout:g} s (did the script fail or never finish?)")
                logs.drain()

                n = check_figures(driver, failures)
                notes.append(f"{n} charts")
                n = check_provinces(driver, args.provinces, failures)
                notes.append(f"{n} provinces")
                slider = check_slider(driver, failures, wait_seconds=3)
                if slider:
                    notes.append(f"slider: {slider}")

                time.sleep(0.2)
                resources = driver.execute_script(
                    "return performance.getEntriesByType('resource').map(e => e.name)") or []
                logs.drain()
                for url in sorted(set(resources) | set(logs.requests)):
                    if not url.lower().startswith(LOCAL_SCHEMES):
                        failures.add("offline", f"the page requested {short(url, 200)}")

                try:
                    how = save_screenshot(driver, screenshot, args.width, args.height)
                    print(f"check_report: screenshot ({how}): {screenshot}")
                except Exception as e:  # noqa: BLE001
                    failures.add("screenshot", f"could not save {screenshot}: {short(e)}")
            except Exception as e:  # noqa: BLE001 - a crashed page or a lost driver is a failure too
                failures.add("browser", f"the browser session failed: {type(e).__name__}: {short(e, 600)}")
            for entry in logs.console if logs else []:
                if entry.get("level") == "SEVERE":
                    failures.add("console", f"SEVERE: {short(entry.get('message', ''), 500)}")
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception:  # noqa: BLE001
                pass
        shutil.rmtree(work, ignore_errors=True)

    if failures.items:
        print(f"check_report: {report}: {len(failures.items)} failure(s):", file=sys.stderr)
        for item in failures.items:
            print(f"  FAIL {item}", file=sys.stderr)
        return 1
    print(f"check_report: {report}: every check passed ({'; '.join(notes)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

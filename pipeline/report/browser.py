"""A headless Chromium from the system's packages, driven by Playwright.

Playwright's own browser downloads are never used: the executable is the
system's (`chromium`, as `make browser` installs it), or $PLEDGES_CHROMIUM.

    python -m pipeline.report.browser out/pledges.html out/pledges.png   # a screenshot
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CANDIDATES = ("chromium", "chromium-browser", "chromium-headless-shell", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The Chromium executable: $PLEDGES_CHROMIUM, else the first candidate on PATH."""
    env = os.environ.get("PLEDGES_CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def why_unavailable() -> str | None:
    """Why no browser can be driven here (None when one can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -r requirements.lock)"
    if find_chromium() is None:
        return "no Chromium executable found (run `make browser`, or set PLEDGES_CHROMIUM)"
    return None


@contextmanager
def chromium() -> Iterator:
    """A launched headless browser (Playwright `Browser`)."""
    from playwright.sync_api import sync_playwright

    exe = find_chromium()
    if exe is None:
        raise RuntimeError(why_unavailable() or "no Chromium")
    with sync_playwright() as pw:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        browser = pw.chromium.launch(executable_path=exe, headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            yield browser
        finally:
            browser.close()


def screenshot(html: str | Path, png: str | Path, width: int = 1360, height: int = 900,
               full_page: bool = True) -> Path:
    """Open `html` from disk and save a screenshot of it to `png`."""
    html, png = Path(html).resolve(), Path(png)
    png.parent.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
        page.goto(html.as_uri(), wait_until="load")
        page.screenshot(path=str(png), full_page=full_page)
    return png


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.report.browser",
                                 description="Screenshot an HTML report with the system's headless Chromium.")
    ap.add_argument("html")
    ap.add_argument("png")
    ap.add_argument("--width", type=int, default=1360)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--viewport-only", action="store_true", help="only the first screen, not the whole page")
    args = ap.parse_args(argv)
    reason = why_unavailable()
    if reason:
        print(f"screenshot: {reason}", file=sys.stderr)
        return 2
    out = screenshot(args.html, args.png, args.width, args.height, full_page=not args.viewport_only)
    print(f"screenshot -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Screenshots of portal pages at desktop and phone width, for review.

Usage: python scripts/screenshots.py OUT_DIR URL [URL ...]
       (log in first with --login URL EMAIL PASSWORD)
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--login", nargs=3, metavar=("URL", "EMAIL", "PASSWORD"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        for size, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            if args.login:
                url, email, password = args.login
                page.goto(url)
                page.get_by_label("Email address").fill(email)
                page.get_by_label("Password", exact=True).fill(password)
                page.get_by_role("button", name="Log in").click()
            for url in args.urls:
                page.goto(url)
                name = re.sub(r"[^a-z0-9]+", "-", url.split("://", 1)[1].lower()).strip("-")
                page.screenshot(path=args.out / f"{name}-{size}.png", full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()

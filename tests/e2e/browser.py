#!/usr/bin/env python3
"""browser.py: `surimono serve` driven in a real browser (Debian's chromium through
chromium-driver and python3-selenium): the catalogue opened and a material chosen with the
keyboard, the form filled, the preview following the typing (the time from the last key to
the new preview measured), a problem shown beside its field and the download disabled, the
PDF downloaded and its text checked, and screenshots at 390 and 1280 px for a person to look at.
Usage: browser.py URL WORK_DIR SCREENSHOT_DIR   (prints "N passed, M failed")"""
import os
import statistics
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdf_checks  # noqa: E402 (the module beside this file)
from pdf_checks import check  # noqa: E402

url, work, shots = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]


def wait(condition, seconds=10.0):
    """condition's first true value within seconds, else None; while a page is still loading
    its elements may be missing or replaced, which counts as not yet."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        try:
            value = condition()
        except (NoSuchElementException, StaleElementReferenceException):
            value = None
        if value:
            return value
        time.sleep(0.005)
    return None


downloads = os.path.join(work, "downloads")
os.makedirs(downloads, exist_ok=True)
options = webdriver.ChromeOptions()
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--window-size=1280,900", "--lang=ja"):
    options.add_argument(flag)
options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                          "download.prompt_for_download": False})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    # The catalogue, then the poster chosen with the keyboard (Tab to its link, Enter).
    driver.get(url + "/")
    check("catalogue lang", driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja")
    link = driver.find_element(By.CSS_SELECTOR, 'a[href="/m/poster"]')
    body = driver.find_element(By.TAG_NAME, "body")
    for _ in range(20):
        body.send_keys(Keys.TAB)
        if driver.switch_to.active_element == link:
            break
    check("the poster's link takes the focus by Tab", driver.switch_to.active_element == link)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait(lambda: driver.current_url.endswith("/m/poster"))
    check("the form opens", driver.current_url.endswith("/m/poster"), driver.current_url)

    # Every field has its label, every picture its text.
    for field in driver.find_elements(By.CSS_SELECTOR, "input[type=text], input[type=tel]"):
        labels = driver.find_elements(By.CSS_SELECTOR, f'label[for="{field.get_attribute("id")}"]')
        check("a label for " + field.get_attribute("name"), len(labels) == 1)
    for img in driver.find_elements(By.TAG_NAME, "img"):
        check("alt text", img.get_attribute("alt") not in (None, ""))

    # Typing: the preview follows. Timed from the last key to the new picture on screen.
    name = driver.find_element(By.NAME, "v.学校名")
    preview = driver.find_element(By.ID, "preview")
    times = []
    for school in ["岡山市立北小学校", "倉敷市立南中学校", "津山市立東小学校", "玉野市立西小学校",
                   "総社市立中央小学校"]:
        name.clear()
        wait(lambda: "学校名=&" in (preview.get_attribute("data-query") or "") or True, 0.5)
        time.sleep(0.4)
        for ch in school:
            name.send_keys(ch)
        typed = time.perf_counter()
        from urllib.parse import quote_plus
        expected = quote_plus(school)
        seen = wait(lambda: expected in (preview.get_attribute("data-query") or ""))
        times.append((time.perf_counter() - typed) * 1000)
        check("the preview follows " + school, seen)
    median = statistics.median(times)
    print(f"last key to new preview (poster, A3, 5 schools): median {median:.0f} ms, "
          f"max {max(times):.0f} ms")
    # The figure itself (under 300 ms on the Release build) is bench/serve.sh's to measure:
    # a sanitizer build, or a test run beside others, is slower by design.

    # A problem beside its field, the download disabled; fixed, both clear.
    name.clear()
    wait(lambda: driver.find_element(By.ID, "f0-error").is_displayed())
    error = driver.find_element(By.ID, "f0-error")
    check("the problem beside the field", error.is_displayed() and "学校名を入力してください" in error.text,
          error.text)
    check("the field marked invalid", name.get_attribute("aria-invalid") == "true")
    check("no download while there is a problem",
          not driver.find_element(By.ID, "download").is_enabled())
    name.send_keys("岡山市立北小学校")
    wait(lambda: not driver.find_element(By.ID, "f0-error").is_displayed())
    check("the problem gone", not driver.find_element(By.ID, "f0-error").is_displayed())
    wait(lambda: driver.find_element(By.ID, "download").is_enabled())
    check("the download back", driver.find_element(By.ID, "download").is_enabled())

    driver.save_screenshot(os.path.join(shots, "form-1280.png"))
    driver.set_window_size(390, 844)
    time.sleep(0.3)
    driver.save_screenshot(os.path.join(shots, "form-390.png"))
    width = driver.execute_script("return document.documentElement.scrollWidth")
    check("no sideways scrolling at 390 px", width <= 390, f"{width} px")
    driver.set_window_size(1280, 900)

    # The download: a whole PDF with the school's name in it.
    driver.find_element(By.CSS_SELECTOR, 'input[name="paper"][value="A4"]').click()
    driver.find_element(By.ID, "download").click()
    pdf = wait(lambda: [f for f in os.listdir(downloads) if f.endswith(".pdf")], 20)
    check("a PDF downloaded", pdf)
    if pdf:
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", os.path.join(downloads, pdf[0]), "-"],
                              capture_output=True, text=True).stdout.replace(" ", "").replace("\n", "")
        check("the PDF says the school", "岡山市立北小学校" in text, text[:200])
        check("the PDF is A4", pdf[0] == "poster-A4.pdf", pdf[0])

    # Every school from a CSV as Excel writes it (CP932): chosen in the file input, the
    # progress followed to the end, the ZIP downloaded.
    csv = os.path.join(work, "upload.csv")
    with open(csv, "wb") as f:
        f.write("学校名\r\n岡山市立北小学校\r\n倉敷市立南小学校\r\n".encode("cp932"))
    driver.get(url + "/set")
    driver.save_screenshot(os.path.join(shots, "set-1280.png"))
    driver.find_element(By.ID, "csv").send_keys(csv)
    driver.find_element(By.CSS_SELECTOR, 'form[action="/batch"] button').click()
    wait(lambda: "/batch/" in driver.current_url, 30)
    done = wait(lambda: driver.find_element(By.ID, "result").is_displayed(), 60)
    check("the upload finishes", done)
    bar = driver.find_element(By.ID, "progress")
    check("the progress bar full", bar.get_attribute("value") == bar.get_attribute("max"),
          f'{bar.get_attribute("value")} of {bar.get_attribute("max")}')
    driver.save_screenshot(os.path.join(shots, "upload-1280.png"))
    driver.find_element(By.CSS_SELECTOR, "#result a").click()
    archive = wait(lambda: [f for f in os.listdir(downloads) if f.endswith(".zip")], 20)
    check("the ZIP downloaded", archive)
    if archive:
        import zipfile
        names = zipfile.ZipFile(os.path.join(downloads, archive[0])).namelist()
        check("a folder per school", "倉敷市立南小学校/poster-A4.pdf" in names, str(names))

    driver.get(url + "/")
    driver.save_screenshot(os.path.join(shots, "catalogue-1280.png"))
    driver.set_window_size(390, 844)
    time.sleep(0.3)
    driver.save_screenshot(os.path.join(shots, "catalogue-390.png"))
finally:
    driver.quit()
code = pdf_checks.summary()
sys.exit(code if pdf_checks.passed else 1)  # a run that checked nothing failed

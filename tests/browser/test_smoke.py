"""The built-in site opens in a real browser with nothing fetched off the machine."""


def test_home_page_opens_cleanly(site_url, open_page):
    page, watch = open_page(site_url)
    assert "Evidence Kit" in page.title()
    watch.assert_clean()

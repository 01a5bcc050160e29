package io.animus.registry.console;

import java.net.URL;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.quarkus.test.common.http.TestHTTPResource;

/** A console test in headless Chromium: each test gets a browser of its own on the service under test, closed after it. */
abstract class InBrowser {

    @TestHTTPResource("/")
    URL console;

    Browser browser;

    @BeforeEach
    void openBrowser() {
        browser = Browser.open(console.toString());
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }
}

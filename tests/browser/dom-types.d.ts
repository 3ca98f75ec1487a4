// The browser suites type the functions they run inside the page (page.evaluate) with the DOM library.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

// Runs before the page is drawn (a synchronous script in <head>; the Content-Security-Policy
// forbids inline scripts): marks <html class="js">, so the stylesheet can fold the main
// navigation and a list's filters on a narrow screen from the first paint, instead of after
// nav.js and lists.js ran, which would move the page under the reader (layout shift).
document.documentElement.classList.add("js");

// The repair-plans page as a small single-page app: links switch views with
// history.pushState and the back button works through popstate. It also shows
// the two ways a site tells Touchpoint something happened: the JS API
// (Touchpoint.track) and a DOM event of its own.
(function () {
  "use strict";
  var views = document.querySelectorAll(".view");

  function show(path) {
    var name = /\/compare\/?$/.test(path) ? "compare" : /\/faq\/?$/.test(path) ? "faq" : "overview";
    views.forEach(function (view) { view.hidden = view.getAttribute("data-view") !== name; });
    document.querySelectorAll(".tabs a").forEach(function (a) {
      if (a.getAttribute("data-view") === name) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    var heading = document.querySelector('.view[data-view="' + name + '"] h1');
    document.title = heading.textContent + " · Northwind Outfitters";
    return heading;
  }

  document.querySelector(".tabs").addEventListener("click", function (e) {
    var link = e.target.closest("a[data-view]");
    if (!link || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    history.pushState(null, "", link.getAttribute("href"));
    var heading = show(location.pathname);
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  });
  window.addEventListener("popstate", function () { show(location.pathname); });
  show(location.pathname);

  // A completed checkout: the site calls the JS API. `window.Touchpoint` may still be the
  // loader's queue (or absent, if the tag was blocked), so the call is guarded.
  document.getElementById("buy-trail").addEventListener("click", function () {
    document.getElementById("order-status").textContent = "Thank you! Your Trail plan is active.";
    if (window.Touchpoint) window.Touchpoint.track("checkout-complete");
  });

  // A newsletter sign-up: the site dispatches its own DOM event, which the configuration names.
  document.getElementById("tips").addEventListener("submit", function (e) {
    e.preventDefault();
    document.dispatchEvent(new CustomEvent("northwind:subscribed", { bubbles: true }));
    e.target.replaceWith(Object.assign(document.createElement("p"), { textContent: "Subscribed. First tips next month." }));
  });
})();

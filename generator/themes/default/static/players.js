/* Trackpress players: a service's card (an <a href="the original page">) becomes its player
   only when the reader asks for it — nothing is requested from the service before the click.
   Without this script the card stays a working link. No framework; loaded with `defer`. */
(function () {
  "use strict";

  function activate(link) {
    var src = link.getAttribute("data-player-src");
    var figure = link.parentNode;
    if (!src || !figure || !/^https:\/\//.test(src)) return false;   // players come from https hosts only
    var frame = document.createElement("iframe");
    frame.className = "player__frame";
    frame.src = src;
    frame.title = link.getAttribute("data-player-title") || "Player";
    frame.setAttribute("allow", link.getAttribute("data-player-allow") || "autoplay");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    figure.replaceChild(frame, link);
    figure.classList.add("is-playing");
    frame.focus();
    return true;
  }

  function enhance(link) {
    link.setAttribute("role", "button");          // it plays here now, rather than leaving the page
    link.addEventListener("click", function (event) {
      // a modified click (new tab, new window) still opens the original page
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      if (activate(link)) event.preventDefault();
    });
    link.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Spacebar") {       // Enter already clicks a link
        event.preventDefault();
        activate(link);
      }
    });
  }

  var links = document.querySelectorAll("a.player__facade[data-player-src]");
  for (var i = 0; i < links.length; i++) enhance(links[i]);

  // one file player at a time: starting one pauses the others
  document.addEventListener("play", function (event) {
    var media = document.querySelectorAll(".player audio, .player video");
    for (var j = 0; j < media.length; j++) {
      if (media[j] !== event.target && !media[j].paused) media[j].pause();
    }
  }, true);
})();

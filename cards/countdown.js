/* Timed practice: count down the target time while the learner answers aloud.
   Anki reuses one page for many cards, so the timer is cleared before each start;
   without scripts the card still shows the target time as text. */
(function () {
  function start() {
    var el = document.getElementById("star-countdown");
    if (window.starCountdown) {
      clearInterval(window.starCountdown);
      window.starCountdown = null;
    }
    if (!el) {
      return;
    }
    if (document.getElementById("answer")) {
      el.hidden = true; /* the back: time is up */
      return;
    }
    var seconds = parseInt(el.getAttribute("data-seconds"), 10);
    if (!(seconds > 0)) {
      return;
    }
    var end = Date.now() + seconds * 1000;
    function tick() {
      var left = Math.ceil((end - Date.now()) / 1000);
      if (left > 0) {
        el.textContent = left + "s left";
        return;
      }
      el.textContent = "Time's up";
      el.className = "countdown done";
      clearInterval(window.starCountdown);
      window.starCountdown = null;
    }
    el.hidden = false;
    tick();
    window.starCountdown = setInterval(tick, 200);
  }
  /* Anki runs card scripts once the card is in the page; a plain page may still be loading. */
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

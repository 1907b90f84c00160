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
    var timer = null;
    function stop() {
      clearInterval(timer);
      if (window.starCountdown === timer) {
        window.starCountdown = null;
      }
    }
    function tick() {
      if (!el.isConnected) {
        stop(); /* the next card has no countdown of its own */
        return;
      }
      var left = Math.ceil((end - Date.now()) / 1000);
      if (left > 0) {
        el.textContent = left + "s left";
        return;
      }
      el.textContent = "Time's up";
      el.className = "countdown done";
      stop();
    }
    el.hidden = false;
    tick();
    timer = setInterval(tick, 200);
    window.starCountdown = timer;
  }
  /* Anki runs card scripts once the card is in the page; a plain page may still be loading. */
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

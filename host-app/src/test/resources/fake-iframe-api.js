// A stand-in for YouTube's IFrame Player API, served to the host app's WebView in tests (no internet in tests).
// It acts like the real one as far as the host app can tell, and lets the test end a track or raise an error.
(function () {
  function Player(id, opts) {
    var self = this;
    this.opts = opts;
    this.state = -1;
    this.t = 0;
    this.d = 0;
    this.video = null;
    this.volume = 100;
    window.fakePlayer = this;
    window.fakeLoads = [];
    setTimeout(function () { opts.events.onReady({ target: self }); }, 10);
  }
  Player.prototype.setState = function (s) {
    this.state = s;
    this.opts.events.onStateChange({ data: s, target: this });
  };
  Player.prototype.loadVideoById = function (arg) {
    var self = this;
    this.video = arg.videoId || arg;
    this.t = arg.startSeconds || 0;
    this.d = 200;
    window.fakeLoads.push(this.video);
    setTimeout(function () { self.setState(1); }, 10);
  };
  Player.prototype.playVideo = function () { this.setState(1); };
  Player.prototype.pauseVideo = function () { this.setState(2); };
  Player.prototype.stopVideo = function () { this.state = 5; };
  Player.prototype.setVolume = function (v) { this.volume = v; };
  Player.prototype.getCurrentTime = function () { return this.t; };
  Player.prototype.getDuration = function () { return this.d; };
  window.YT = { Player: Player };
  window.fakeEnd = function () { window.fakePlayer.setState(0); };
  window.fakeError = function (code) { window.fakePlayer.opts.events.onError({ data: code }); };
  setTimeout(function () { window.onYouTubeIframeAPIReady(); }, 0);
})();

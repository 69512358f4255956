// The ceiling the app is compared with: the same stream into Paho 1.1.0 and JSON.parse on
// the main thread, counting and timing, with no UI at all. The benchmark calls
// window.bare.start({ uri, topic, clientId, qos }) over DevTools and reads window.bare.counters()
// and window.bare.latency(); nothing is logged (the URL is a presigned credential).
/* global Paho */
'use strict';

(function () {
  // Latencies are kept as a histogram in whole milliseconds: constant cost per message and
  // constant memory, exact percentiles to the millisecond. Anything later than the last
  // bucket is counted there (and `max` still holds the true value).
  const HISTOGRAM_MS = 120000;
  const histogram = new Uint32Array(HISTOGRAM_MS + 1);
  let received = 0;
  let malformed = 0;
  let timed = 0;
  let max = 0;
  let client = null;

  // As the app counts: `received` is events parsed, and a payload that does not parse is
  // `malformed` instead.
  function onMessage(message) {
    let publication;
    try {
      publication = JSON.parse(message.payloadString);
    } catch {
      malformed++;
      return;
    }
    received++;
    const sent = publication && publication.content && publication.content.timestamp;
    if (typeof sent !== 'number') return;
    const latency = Math.max(0, Date.now() - sent);
    histogram[Math.min(HISTOGRAM_MS, Math.round(latency))]++;
    timed++;
    if (latency > max) max = latency;
  }

  function percentile(p) {
    if (timed === 0) return 0;
    const rank = Math.ceil((p / 100) * timed);
    let seen = 0;
    for (let ms = 0; ms <= HISTOGRAM_MS; ms++) {
      seen += histogram[ms];
      if (seen >= rank) return ms;
    }
    return HISTOGRAM_MS;
  }

  window.bare = {
    start(options) {
      return new Promise(function (resolve, reject) {
        client = new Paho.Client(options.uri, options.clientId);
        client.onMessageArrived = onMessage;
        client.onConnectionLost = function (error) {
          window.bare.lost = error.errorCode + ' ' + error.errorMessage;
        };
        client.connect({
          mqttVersion: 4,
          reconnect: false,
          cleanSession: true,
          timeout: 10,
          keepAliveInterval: 60,
          onSuccess: function () {
            client.subscribe(options.topic, {
              qos: options.qos,
              timeout: 10,
              onSuccess: function () {
                resolve('subscribed');
              },
              onFailure: function (error) {
                reject(new Error('SUBSCRIBE failed: ' + error.errorCode));
              },
            });
          },
          onFailure: function (error) {
            reject(new Error('CONNECT failed: ' + error.errorCode + ' ' + error.errorMessage));
          },
        });
      });
    },
    counters() {
      return { received: received, malformed: malformed, timed: timed };
    },
    latency() {
      return {
        count: timed,
        p50: percentile(50),
        p95: percentile(95),
        p99: percentile(99),
        max: max,
      };
    },
    stop() {
      if (client && client.isConnected()) client.disconnect();
    },
    lost: null,
  };
})();

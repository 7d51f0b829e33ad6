// The data files of the site's scripts (wizard, search) are scripts that hand their data over:
// `bonneporte.donnees("name", data);`. A page opened from a USB stick (file://) may run the
// scripts of its folder, but neither `fetch` nor import them; classic scripts work everywhere,
// under the site's Content-Security-Policy (`script-src 'self'`) too.
(function () {
  'use strict';
  const bonneporte = (self.bonneporte = self.bonneporte || {});
  if (bonneporte.charger) return; // loaded twice: keep the first one and its pending files
  /** Absolute URL of a data file → { promise, resolve }. */
  const files = new Map();

  /** Called by a data file: resolves the promise of the script that is running. */
  bonneporte.donnees = function (name, data) {
    const script = document.currentScript;
    const file = script && files.get(script.src);
    if (file) { file.received = true; file.resolve(data); }
  };

  /** The data of `<folder><name>.js`, loaded once. Rejects when the file cannot be loaded. */
  bonneporte.charger = function (folder, name) {
    const src = new URL(`${name}.js`, folder).href;
    if (!files.has(src)) {
      const file = {};
      file.promise = new Promise((resolve, reject) => {
        file.resolve = resolve;
        const script = document.createElement('script');
        script.src = src;
        const done = () => {
          script.remove();
          if (file.received) return;
          files.delete(src); // a later call tries again
          reject(new Error(`${name} : illisible`));
        };
        // Also a file that ran without handing its data over.
        script.onload = done;
        script.onerror = done;
        document.head.append(script);
      });
      files.set(src, file);
    }
    return files.get(src).promise;
  };
})();

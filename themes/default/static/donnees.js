// Loader of the data files of the site's scripts (search, wizard), in a way that also works
// when the site is opened from disk (file://), where Chromium refuses fetch() and module
// scripts. Each data file `<name>.js` is a classic script holding one line,
// `bonneporte.donnees("<name>",<JSON>);`: charger() inserts it and waits for that call.
// Classic script, no dependency; the pages' CSP (default-src 'self') allows it.
(() => {
  const bp = (self.bonneporte = self.bonneporte || {});
  if (bp.charger) return; // loaded twice: keep the first one and its cache
  const cache = new Map(); // script URL → promise of the data
  const pending = new Map(); // script URL → resolve of that promise

  /** Called by a data file as it runs: hands its data to whoever loads it. */
  bp.donnees = (name, data) => {
    const src = document.currentScript?.src;
    const url = src ?? [...pending.keys()].find((u) => u.endsWith(`/${name}.js`));
    pending.get(url)?.(data);
    pending.delete(url);
  };

  /** The data of `<folder><name>.js` (folder: a URL ending in "/"), loaded once per URL. */
  bp.charger = (folder, name) => {
    const url = new URL(`${name}.js`, new URL(folder, document.baseURI)).href;
    if (!cache.has(url)) {
      cache.set(url, new Promise((resolve, reject) => {
        const script = document.createElement('script');
        const fail = (why) => { pending.delete(url); cache.delete(url); reject(new Error(`${name} : ${why}`)); };
        pending.set(url, resolve);
        // Once run: a file that did not register its data is an error too.
        script.addEventListener('load', () => { script.remove(); if (pending.has(url)) fail('aucune donnée'); });
        script.addEventListener('error', () => { script.remove(); fail('introuvable'); });
        script.src = url;
        document.head.append(script);
      }));
    }
    return cache.get(url);
  };
})();

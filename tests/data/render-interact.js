// Injected by tests/cli/render.rs into a rendered page: drives the explorer with synthetic
// events and writes what it saw as JSON into <pre id="eg-test-result">.
(async function () {
  const out = {};
  const tick = () => new Promise((r) => setTimeout(r, 20));
  const svg = document.querySelector('#eg-canvas svg');
  const focused = () => {
    const g = document.querySelector('.node.focused');
    return g ? g.querySelector('title').textContent : null;
  };
  const width = () => svg.viewBox.baseVal.width;
  const box = svg.getBoundingClientRect();
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  try {
    out.start = { focused: focused(), panelHidden: document.getElementById('eg-panel').hidden, status: document.getElementById('eg-status').textContent };

    const w0 = width();
    svg.dispatchEvent(new WheelEvent('wheel', { deltaY: -400, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
    out.zoomInRatio = width() / w0;
    const x0 = svg.viewBox.baseVal.x;
    const p = { pointerId: 7, button: 0, bubbles: true };
    svg.dispatchEvent(new PointerEvent('pointerdown', { ...p, clientX: cx, clientY: cy }));
    svg.dispatchEvent(new PointerEvent('pointermove', { ...p, clientX: cx + 100, clientY: cy }));
    svg.dispatchEvent(new PointerEvent('pointerup', { ...p, clientX: cx + 100, clientY: cy }));
    out.panDx = svg.viewBox.baseVal.x - x0;
    document.getElementById('eg-zoom-reset').click();
    out.resetRatio = width() / w0;

    const hovered = document.getElementById('eg-n0');
    hovered.dispatchEvent(new MouseEvent('mouseenter'));
    out.hover = {
      dim: svg.classList.contains('eg-dim'),
      self: hovered.classList.contains('eg-hl'),
      lit: Array.from(svg.querySelectorAll('.node.eg-hl title')).map((t) => t.textContent).sort(),
    };
    hovered.dispatchEvent(new MouseEvent('mouseleave'));
    out.afterLeaveDim = svg.classList.contains('eg-dim');

    document.getElementById('eg-search').value = 'grushko';
    document.getElementById('eg-search-form').requestSubmit();
    out.search = { focused: focused(), panel: document.getElementById('eg-panel-title').textContent, hash: location.hash, status: document.getElementById('eg-status').textContent };
    document.getElementById('eg-search').value = 'kristrun frostadottir';
    document.getElementById('eg-search-form').requestSubmit();
    out.searchUnaccented = focused();
    document.getElementById('eg-search').value = 'Norwegian';
    document.getElementById('eg-search-form').requestSubmit();
    out.searchAlias = focused();
    document.getElementById('eg-search').value = 'Atlantis';
    document.getElementById('eg-search-form').requestSubmit();
    out.searchMissing = { focused: focused(), status: document.getElementById('eg-status').textContent };
    // A search that finds again brings the totals back.
    document.getElementById('eg-search').value = 'grushko';
    document.getElementById('eg-search-form').requestSubmit();
    out.searchAgain = document.getElementById('eg-status').textContent;

    location.hash = '#focus=' + encodeURIComponent('country:cn');
    await tick();
    out.hashchange = { focused: focused(), panel: document.getElementById('eg-panel-title').textContent };

    const target = document.getElementById('eg-n1').querySelector('text');
    const q = { pointerId: 8, button: 0, bubbles: true, clientX: 10, clientY: 10 };
    target.dispatchEvent(new PointerEvent('pointerdown', q));
    target.dispatchEvent(new PointerEvent('pointerup', q));
    target.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    out.click = { focused: focused(), hash: decodeURIComponent(location.hash) };

    const first = document.querySelector('#eg-links .eg-nb');
    out.firstLink = first.textContent;
    first.click();
    out.afterLink = focused();

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    out.escape = { focused: focused(), panelHidden: document.getElementById('eg-panel').hidden, dim: svg.classList.contains('eg-dim') };
  } catch (e) {
    out.error = String(e && e.stack || e);
  }
  const pre = document.createElement('pre');
  pre.id = 'eg-test-result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();

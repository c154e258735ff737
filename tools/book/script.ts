/**
 * The book's own script, written to `assets/book.js` and loaded (deferred) by every page:
 * the sidebar's menu button on narrow screens, the sidebar's mark on the section in view,
 * and search. A classic script with no imports, so that it runs from `file://`; the search
 * index (`assets/search-index.js`) is loaded the first time the search box is used.
 *
 * Keys: `/` or `s` focuses the search box (not while typing in a field or an editor);
 * in the box, ↓ and ↑ move through the results, Enter opens one, Esc closes the results
 * and then leaves the box; Esc also closes the sidebar menu.
 */
import { createSearch } from './search.js';
import { SEARCH_INDEX_GLOBAL } from './search-index.js';

/** The text of `assets/book.js`. */
export const BOOK_SCRIPT = `(function () {
'use strict';
var createSearch = ${createSearch.toString()};
var INDEX_GLOBAL = ${JSON.stringify(SEARCH_INDEX_GLOBAL)};
var INDEX_SCRIPT = 'assets/search-index.js';
var doc = document;
var root = doc.documentElement;
var narrow = window.matchMedia('(max-width: 62rem)');

/* The sidebar: a menu on narrow screens. */
var menu = doc.getElementById('book-menu');
var sidebar = doc.getElementById('book-sidebar');
function setMenu(open) {
  root.classList.toggle('sidebar-open', open);
  if (menu) menu.setAttribute('aria-expanded', String(open));
}
if (menu && sidebar) {
  menu.hidden = false;
  menu.addEventListener('click', function () {
    var open = !root.classList.contains('sidebar-open');
    setMenu(open);
    // Into the menu, once it is visible (a hidden link cannot take focus).
    if (open) requestAnimationFrame(function () { (sidebar.querySelector('[aria-current="page"]') || sidebar.querySelector('a')).focus(); });
  });
  sidebar.addEventListener('click', function (event) {
    if (narrow.matches && event.target.closest && event.target.closest('a')) setMenu(false);
  });
  narrow.addEventListener('change', function () { setMenu(false); });
  doc.addEventListener('pointerdown', function (event) {
    if (root.classList.contains('sidebar-open') && !sidebar.contains(event.target) && !menu.contains(event.target)) setMenu(false);
  });
  var current = sidebar.querySelector('[aria-current="page"]');
  if (current && !narrow.matches) sidebar.scrollTop = Math.max(0, current.offsetTop - sidebar.clientHeight / 3);
}

/* The sidebar marks the section being read. */
var spied = [];
if (sidebar) {
  Array.prototype.forEach.call(sidebar.querySelectorAll('.toc-sections a'), function (link) {
    var heading = doc.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
    if (heading) spied.push([heading, link]);
  });
}
var spyQueued = false;
function spy() {
  spyQueued = false;
  var line = (parseFloat(getComputedStyle(root).scrollPaddingTop) || 0) + 24;
  var reading = null;
  for (var i = 0; i < spied.length && spied[i][0].getBoundingClientRect().top <= line; i++) reading = spied[i][1];
  spied.forEach(function (pair) { pair[1].classList.toggle('toc-reading', pair[1] === reading); });
}
if (spied.length > 0) {
  window.addEventListener('scroll', function () {
    if (!spyQueued) { spyQueued = true; requestAnimationFrame(spy); }
  }, { passive: true });
  spy();
}

/* Search. */
var box = doc.querySelector('.book-search');
var input = doc.getElementById('book-search');
var list = doc.getElementById('book-search-results');
var status = doc.getElementById('book-search-status');
var search = null;
var loading = false;
var failed = false;
var hits = [];
var active = -1;
function load() {
  if (search || loading) return;
  if (window[INDEX_GLOBAL]) { search = createSearch(window[INDEX_GLOBAL]); return; }
  loading = true;
  var script = doc.createElement('script');
  script.src = INDEX_SCRIPT;
  script.onload = function () {
    loading = false;
    if (window[INDEX_GLOBAL]) search = createSearch(window[INDEX_GLOBAL]);
    else failed = true;
    update();
  };
  script.onerror = function () { loading = false; failed = true; update(); };
  doc.head.appendChild(script);
}
function message(text) {
  list.textContent = '';
  var p = doc.createElement('p');
  p.className = 'book-search-message';
  p.textContent = text;
  list.appendChild(p);
  open();
  status.textContent = text;
}
function open() {
  list.hidden = false;
  input.setAttribute('aria-expanded', 'true');
}
function close() {
  list.hidden = true;
  list.textContent = '';
  input.setAttribute('aria-expanded', 'false');
  input.removeAttribute('aria-activedescendant');
  hits = [];
  active = -1;
}
function select(i) {
  active = i;
  var options = list.querySelectorAll('[role="option"]');
  for (var k = 0; k < options.length; k++) options[k].setAttribute('aria-selected', String(k === i));
  if (i >= 0 && options[i]) {
    input.setAttribute('aria-activedescendant', options[i].id);
    options[i].scrollIntoView({ block: 'nearest' });
  } else {
    input.removeAttribute('aria-activedescendant');
  }
}
function render(query) {
  list.textContent = '';
  if (hits.length === 0) { message('No section matches \\u201c' + query.trim() + '\\u201d.'); return; }
  hits.forEach(function (hit, i) {
    var option = doc.createElement('a');
    option.href = hit.href;
    option.id = 'book-search-option-' + i;
    option.className = 'book-search-hit';
    option.setAttribute('role', 'option');
    option.tabIndex = -1;
    var heading = doc.createElement('span');
    heading.className = 'book-search-heading';
    heading.textContent = hit.heading;
    option.appendChild(heading);
    if (hit.heading !== hit.chapterTitle) {
      var chapter = doc.createElement('span');
      chapter.className = 'book-search-chapter';
      chapter.textContent = hit.chapterTitle;
      option.appendChild(chapter);
    }
    if (hit.snippet.length > 0) {
      var snippet = doc.createElement(hit.code ? 'code' : 'span');
      snippet.className = 'book-search-snippet';
      hit.snippet.forEach(function (part) {
        if (!part.match) { snippet.appendChild(doc.createTextNode(part.text)); return; }
        var mark = doc.createElement('mark');
        mark.textContent = part.text;
        snippet.appendChild(mark);
      });
      option.appendChild(snippet);
    }
    list.appendChild(option);
  });
  open();
  select(0);
  status.textContent = hits.length === 1 ? '1 section found' : hits.length + ' sections found';
}
function update() {
  var query = input.value;
  if (query.trim() === '') { close(); status.textContent = ''; return; }
  if (!search) {
    load();
    if (!search) {
      message(failed ? 'The search index (' + INDEX_SCRIPT + ') could not be loaded.' : 'Loading the search index\\u2026');
      return;
    }
  }
  hits = search(query, 12);
  render(query);
}
function follow(href) {
  close();
  input.blur();
  setMenu(false);
  window.location.href = href;
}
if (box && input && list && status) {
  box.hidden = false;
  input.addEventListener('input', update);
  input.addEventListener('focus', function () { load(); if (input.value.trim() !== '' && list.hidden) update(); });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (hits.length === 0) return;
      event.preventDefault();
      var step = event.key === 'ArrowDown' ? 1 : -1;
      select((active + step + hits.length) % hits.length);
    } else if (event.key === 'Enter') {
      if (active < 0 || !hits[active]) return;
      event.preventDefault();
      follow(hits[active].href);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (!list.hidden) close();
      else { input.value = ''; status.textContent = ''; input.blur(); }
    }
  });
  list.addEventListener('click', function (event) {
    var option = event.target.closest && event.target.closest('a');
    if (!option || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    follow(option.href);
  });
  box.addEventListener('focusout', function (event) {
    if (!event.relatedTarget || !box.contains(event.relatedTarget)) close();
  });
  doc.addEventListener('pointerdown', function (event) {
    if (!box.contains(event.target)) close();
  });
}

/* Keys anywhere on the page. */
function typing(target) {
  if (!target || target === doc.body) return false;
  if (target.isContentEditable) return true;
  var tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || !!(target.closest && target.closest('.cm-editor'));
}
doc.addEventListener('keydown', function (event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === 'Escape' && root.classList.contains('sidebar-open')) {
    setMenu(false);
    if (menu) menu.focus();
    return;
  }
  if ((event.key === '/' || event.key === 's') && input && box && !box.hidden && !typing(event.target)) {
    event.preventDefault();
    input.focus();
    input.select();
  }
});
})();
`;

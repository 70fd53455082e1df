'use strict';
// Helpers shared by the pages. Every value that comes from the database reaches the DOM as a text
// node (el/svg below take strings as text) or an attribute set with setAttribute: never as markup.

const Durable = (() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';

  function append(node, children) {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function setAttributes(node, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on')) {
        node.addEventListener(key.slice(2), value);
      } else {
        node.setAttribute(key, String(value));
      }
    }
  }

  /** An HTML element: el('td', {class: 'x'}, 'text', otherNode). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttributes(node, attrs);
    return append(node, children);
  }

  /** An SVG element, the same way. */
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttributes(node, attrs);
    return append(node, children);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  async function getJson(url) {
    const response = await fetch(url, {headers: {'Accept': 'application/json'}, cache: 'no-store'});
    const body = await response.json().catch(() => ({error: 'The server answered ' + response.status + ' without JSON.'}));
    if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
    return body;
  }

  async function postJson(url) {
    const response = await fetch(url, {method: 'POST', headers: {'Accept': 'application/json'}});
    const body = await response.json().catch(() => ({error: 'The server answered ' + response.status + ' without JSON.'}));
    if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
    return body;
  }

  const pad = (n, w = 2) => String(n).padStart(w, '0');

  function time(ms) {
    if (ms === null || ms === undefined) return '';
    const d = new Date(ms);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' '
      + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  function clock(ms) {
    const d = new Date(ms);
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3);
  }

  function duration(ms) {
    if (ms === null || ms === undefined || isNaN(ms)) return '';
    if (ms < 1000) return Math.round(ms) + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
    if (ms < 3600000) return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
    if (ms < 86400000) return Math.floor(ms / 3600000) + ' h ' + Math.round((ms % 3600000) / 60000) + ' min';
    return Math.floor(ms / 86400000) + ' d ' + Math.round((ms % 86400000) / 3600000) + ' h';
  }

  /** Stored JSON, indented if it parses; as stored otherwise. */
  function prettyJson(text) {
    if (text === null || text === undefined) return '';
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch (e) {
      return text;
    }
  }

  /** One line of at most max characters, for table cells. */
  function preview(text, max) {
    if (text === null || text === undefined) return '';
    const flat = text.replace(/\s+/g, ' ');
    return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
  }

  const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

  function statusBadge(status) {
    return el('span', {class: 'badge status-' + String(status).toLowerCase()}, String(status).toLowerCase());
  }

  function showError(node, message) {
    node.textContent = message || '';
    node.hidden = !message;
  }

  return {el, svg, clear, getJson, postJson, time, clock, duration, prettyJson, preview, statusBadge, showError, FINISHED};
})();

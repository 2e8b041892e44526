// Hands the token back to Nuxeo Drive: opens the nxdrive:// link the page shows (the link stays for a manual click,
// since a browser may ask before opening another application, or refuse to without a click).
'use strict';

(() => {
  const link = document.getElementById('drive-link');
  if (link) {
    window.location.href = link.href;
  }
})();

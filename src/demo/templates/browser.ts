import { dateAgo, dateParts, place, type DemoItem } from './items.js';
import { detailRoutes, page, send, sitePage, type DemoSite, type Routes } from './page.js';

/** A column whose list only exists after the page's script has fetched `list.json` and built it. */
export function scriptBuiltColumn(site: DemoSite, dir: string, name: string, list: DemoItem[], asOf: string): Routes {
  const items = place(list, (item, i) => {
    const { ym, ymd } = dateParts(dateAgo(asOf, item.ago ?? 0));
    return `${dir}${ym}/p${ymd}_${list.length - i}.html`;
  });
  const main = `<div id="list-holder" class="list"></div>
<script>
  fetch('list.json')
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var ul = document.createElement('ul');
      ul.className = 'news_list';
      data.infolist.forEach(function (item) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = item.link;
        a.title = item.title;
        a.textContent = item.title.length > 20 ? item.title.slice(0, 19) + '…' : item.title;
        var span = document.createElement('span');
        span.textContent = item.pubtime.slice(0, 10);
        li.appendChild(a);
        li.appendChild(span);
        ul.appendChild(li);
      });
      document.getElementById('list-holder').appendChild(ul);
    });
</script>`;
  const json = JSON.stringify({
    infolist: items.map((it) => ({ title: it.title, link: it.href, pubtime: `${dateAgo(asOf, it.ago ?? 0)} 09:30:00` })),
  });
  return {
    [`${dir}index.html`]: page(sitePage(site, name, main)),
    [`${dir}list.json`]: (req, res) => send(req, res, json, 200, 'application/json; charset=utf-8'),
    ...detailRoutes(site, items, asOf),
  };
}

const COOKIE = 'demo_rs_clearance';

/**
 * Puts routes behind a Ruishu-style challenge: without the clearance cookie every request gets HTTP 412
 * and a tiny page whose script sets a cookie and reloads. When `clears` is false the server never
 * accepts the cookie it asked for, so a browser reloads into 412 again and again.
 */
export function behindChallenge(routes: Routes, clears: boolean): Routes {
  const challenge = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta http-equiv="Pragma" content="no-cache">
<script>
  var t = [${clears ? "'pa', 'ss'" : "'re', 'try'"}].join('') + '-' + (20 + 22);
  document.cookie = '${COOKIE}=' + t + '; path=/';
  location.reload();
</script></head><body></body></html>`;
  const out: Routes = {};
  for (const [path, handler] of Object.entries(routes)) {
    out[path] = (req, res, body) => {
      const cleared = clears && (req.headers.cookie ?? '').split(/;\s*/).includes(`${COOKIE}=pass-42`);
      if (cleared) return handler(req, res, body);
      send(req, res, challenge, 412);
    };
  }
  return out;
}

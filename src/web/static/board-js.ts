/**
 * Draws the office board's trend charts from the JSON block `#trend-data`: one chart per element
 * `[data-trend-unit]`, drawn when it scrolls into view (a 100-unit board stays fast).
 */
export const BOARD_JS = `
(function () {
  var block = document.getElementById('trend-data');
  if (!block || !window.echarts) return;
  var data = JSON.parse(block.textContent || '{}');
  function draw(el) {
    var series = data.units && data.units[el.getAttribute('data-trend-unit')];
    if (!series) return;
    var chart = window.echarts.init(el, null, { renderer: 'svg' });
    var empty = series.every(function (v) { return v === null; });
    chart.setOption({
      title: empty ? { text: '尚无检查数据', left: 'center', top: 'middle', textStyle: { fontSize: 13, color: '#59636e' } } : undefined,
      animation: false,
      grid: { left: 36, right: 8, top: 24, bottom: 24 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      xAxis: { type: 'category', data: data.dates },
      yAxis: { type: 'value', min: 0, max: data.max },
      series: [{ name: data.label, type: 'line', showSymbol: false, data: series, connectNulls: false }]
    });
    window.addEventListener('resize', function () { chart.resize(); });
    el.setAttribute('data-drawn', '1');
  }
  var els = document.querySelectorAll('[data-trend-unit]');
  if ('IntersectionObserver' in window) {
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { io.unobserve(e.target); draw(e.target); } });
    });
    els.forEach(function (el) { io.observe(el); });
  } else {
    els.forEach(draw);
  }
})();
`;

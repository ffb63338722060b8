/**
 * The claims chart (Observable Plot): one dot per claim coloured by who made it, a
 * vertical bar for ranges, and the registry's own count as a dashed line. Hovering or
 * tapping a dot rings it, and the page shows that claim and its source.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Claim } from '../../shared/schemas.js';

export type RegistryPoint = { date: string; count: number };

const KIND_COLOURS: Record<string, string> = {
  government: '#c0392b',
  ngo: '#1f77b4',
  opposition: '#8e44ad',
  press: '#7f8c8d',
  international: '#16a085',
};

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

export function ClaimsChart(props: { claims: Claim[]; registry: RegistryPoint[]; registryLabel: string; onSelect: (claim: Claim | null) => void }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const { claims, registry, registryLabel, onSelect } = props;

  useEffect(() => {
    const node = container.current;
    if (!node) return;
    let plot: (SVGSVGElement | HTMLElement) | undefined;
    let cancelled = false;
    let observer: MutationObserver | undefined;
    // The chart library loads after the page: the figures and their sources show first.
    void import('@observablehq/plot').then((Plot) => {
      if (cancelled) return;
      const kinds = [...new Set(claims.map((c) => c.claimantKind))];
      const width = Math.max(300, Math.min(node.clientWidth || 640, 900));
      plot = Plot.plot({
        width,
        height: width < 500 ? 260 : 340,
        marginLeft: 48,
        style: { fontSize: '12px' },
        x: { type: 'utc', label: null },
        y: { grid: true, label: t('value'), zero: true },
        color: { legend: true, domain: kinds, range: kinds.map((k) => KIND_COLOURS[k] ?? '#333'), tickFormat: (k: string) => t(`kinds.${k}`) },
        marks: [
          Plot.ruleY([0]),
          Plot.ruleX(
            claims.filter((c) => c.valueHigh != null),
            { x: (c: Claim) => toDate(c.asOf), y1: 'value', y2: 'valueHigh', stroke: 'claimantKind', strokeWidth: 3 },
          ),
          Plot.line(registry, { x: (p: RegistryPoint) => toDate(p.date), y: 'count', stroke: '#222', strokeDasharray: '5 3', curve: 'step-after' }),
          Plot.dot(registry.slice(-1), { x: (p: RegistryPoint) => toDate(p.date), y: 'count', fill: '#222', r: 4, symbol: 'square' }),
          Plot.text(registry.slice(-1), { x: (p: RegistryPoint) => toDate(p.date), y: 'count', text: () => registryLabel, dy: -10, textAnchor: 'end' }),
          Plot.dot(claims, { x: (c: Claim) => toDate(c.asOf), y: 'value', fill: 'claimantKind', r: 5, stroke: 'white' }),
          // A ring on the dot under the pointer; its claim and source show in the panel
          // below the chart (a tooltip would be clipped on a narrow phone screen).
          Plot.dot(claims, Plot.pointer({ x: (c: Claim) => toDate(c.asOf), y: 'value', r: 9, fill: 'none', stroke: '#111', strokeWidth: 2 })),
        ],
      });
      plot.setAttribute('role', 'img');
      plot.setAttribute('aria-label', t('chartTitle'));
      // inside an image, the library's labels of its parts are not allowed (the table beside says it all),
      // including the pointer's ring, drawn later
      const image = plot;
      const unlabel = () => {
        for (const part of image.querySelectorAll('[aria-label]')) part.removeAttribute('aria-label');
      };
      unlabel();
      observer = new MutationObserver(unlabel);
      observer.observe(image, { subtree: true, childList: true });
      plot.setAttribute('data-testid', 'claims-chart');
      const chart = plot;
      const select = () => onSelect(((chart as unknown as { value: Claim | null }).value ?? null) as Claim | null);
      chart.addEventListener('click', select);
      chart.addEventListener('input', () => {
        if ((chart as unknown as { value: Claim | null }).value) select();
      });
      node.replaceChildren(plot);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      plot?.remove();
    };
  }, [claims, registry, registryLabel, onSelect, t]);

  return <div ref={container} className="chart" />;
}

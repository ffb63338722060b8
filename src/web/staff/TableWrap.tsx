/**
 * The box of a table that may be wider than the screen: on a phone it scrolls sideways (or, held to a height, down), and then
 * it is a named region the keyboard can reach and scroll (WCAG 2.1.1; axe's
 * scrollable-region-focusable) — only then, so a table that fits adds no stop to the tab order.
 * Its name is `label`, or else the table's caption or the nearest heading before it.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function TableWrap({ children, label, className }: { children: ReactNode; label?: string; className?: string }) {
  const { t } = useTranslation('staff');
  const box = useRef<HTMLDivElement>(null);
  // the region's name while the box scrolls; null while the table fits
  const [name, setName] = useState<string | null>(null);
  // measured after every render (rows may come later) and whenever the box or the table is resized
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const check = () => {
      const wider = element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1;
      setName(wider ? (label ?? nameFromPage(element) ?? t('states.table')) : null);
    };
    check();
    const observer = new ResizeObserver(check);
    observer.observe(element);
    for (const child of Array.from(element.children)) observer.observe(child);
    return () => observer.disconnect();
  });
  return (
    <div ref={box} className={className ? `table-wrap ${className}` : 'table-wrap'} {...(name ? { role: 'region', 'aria-label': name, tabIndex: 0 } : {})}>
      {children}
    </div>
  );
}

/** The table's caption, or the text of the nearest heading (or summary, or legend) before the box. */
function nameFromPage(element: HTMLElement): string | undefined {
  const caption = element.querySelector('caption')?.textContent?.trim();
  if (caption) return caption;
  const heading = 'h1, h2, h3, h4, h5, h6, summary, legend';
  for (let node: Element | null = element; node && node.tagName !== 'MAIN'; node = node.parentElement) {
    for (let before = node.previousElementSibling; before; before = before.previousElementSibling) {
      const found = before.matches(heading) ? before : Array.from(before.querySelectorAll(heading)).pop();
      const text = found?.textContent?.trim();
      if (text) return text;
    }
  }
  return undefined;
}

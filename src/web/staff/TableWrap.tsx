/**
 * The box of a table that may be wider than the screen: on a phone it scrolls sideways (or, held to a height, down), and then
 * it is a named region the keyboard can reach and scroll (WCAG 2.1.1; axe's
 * scrollable-region-focusable) — only then, so a table that fits adds no stop to the tab order.
 * Its name is `label`, or else the table's caption, its details' summary or the nearest heading before it.
 */
import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function TableWrap({ children, label, className }: { children: ReactNode; label?: string; className?: string }) {
  const { t } = useTranslation('staff');
  const box = useRef<HTMLDivElement>(null);
  // the region's name while the box scrolls; null while the table fits
  const [name, setName] = useState<string | null>(null);
  // measured when the box or what it holds is resized, and when its contents are replaced
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const check = () => {
      const wider = element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1;
      setName(wider ? (label ?? nameFromPage(element) ?? t('states.table')) : null);
    };
    const resized = new ResizeObserver(check);
    const watch = () => {
      resized.disconnect();
      resized.observe(element);
      for (const child of Array.from(element.children)) resized.observe(child);
      check();
    };
    const replaced = new MutationObserver(watch);
    replaced.observe(element, { childList: true });
    watch();
    return () => {
      resized.disconnect();
      replaced.disconnect();
    };
  }, [label, t]);
  return (
    <div ref={box} className={className ? `table-wrap ${className}` : 'table-wrap'} {...(name ? { role: 'region', 'aria-label': name, tabIndex: 0 } : {})}>
      {children}
    </div>
  );
}

/** The table's caption, or the summary of the details it is in, or the nearest heading before it. */
function nameFromPage(element: HTMLElement): string | undefined {
  const caption = element.querySelector('caption')?.textContent?.trim();
  if (caption) return caption;
  const summary = element.closest('details')?.querySelector('summary')?.textContent?.trim();
  if (summary) return summary;
  const heading = 'h1, h2, h3, h4, h5, h6';
  for (let node: Element | null = element; node && node.tagName !== 'MAIN'; node = node.parentElement) {
    for (let before = node.previousElementSibling; before; before = before.previousElementSibling) {
      const found = before.matches(heading) ? before : Array.from(before.querySelectorAll(heading)).pop();
      const text = found?.textContent?.trim();
      if (text) return text;
    }
  }
  return undefined;
}

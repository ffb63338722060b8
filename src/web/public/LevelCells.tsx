/** A row's split by verification level, one cell per level: "fewer than 5" where the count is withheld. */
import { useTranslation } from 'react-i18next';

export function LevelCells({ levels, columns }: { levels: Readonly<Record<string, number | null>> | undefined; columns: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {columns.map((level) => (
        <td className="num" key={level} data-level={level}>
          {levels?.[level] === null ? t('fewerThan5') : (levels?.[level] ?? 0).toLocaleString()}
        </td>
      ))}
    </>
  );
}

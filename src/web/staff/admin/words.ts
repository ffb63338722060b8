/** The system screen's and tokens' words (namespace "staff", key "system"), Spanish first. */
import i18next from 'i18next';

const es = {
  title: 'Sistema',
  backups: 'Copias de seguridad',
  backupNote:
    'Una copia sellada de toda la base de datos, escrita en la carpeta «backups» de los datos mientras Recuento sigue funcionando. Para restaurarla hace falta la clave maestra que la sella: guarde una copia de esa clave aparte, nunca junto a las copias. Los archivos de evidencia se copian aparte (carpeta «evidence»).',
  backupNow: 'Hacer una copia ahora',
  backingUp: 'Copiando…',
  backedUp: 'Copia escrita: {{file}} ({{rows}} filas de {{tables}} tablas), sellada con la clave maestra {{key}}.',
  log: 'Registro de transparencia',
  size: 'Entradas: {{size}}',
  checkpoint: 'El último punto de control firmado',
  verifierKey: 'Clave para verificarlo (publíquela)',
  witnesses: 'Testigos',
  witnessNote: 'Otras organizaciones que cofirman cada punto de control: con ellas nadie puede mostrar dos historias distintas a dos personas.',
  noWitnesses: 'Aún no hay testigos.',
  witnessKey: 'Clave de verificación del testigo',
  addWitness: 'Aceptar a este testigo',
  witnessAdded: 'Testigo «{{name}}» aceptado.',
  added: 'Desde',
  tokens: 'Tokens de API',
  noTokens: 'Sin tokens.',
  label: 'Para qué es',
  scopes: 'Alcance',
  revoked: 'revocado el {{when}}',
  revoke: 'Revocar',
  confirmRevoke: '¿Revocar el token «{{label}}»? Lo que lo use dejará de funcionar en el acto.',
  revokedDone: 'Token revocado.',
  newToken: 'Nuevo token',
  madeToken: 'Token nuevo (se muestra una sola vez; guárdelo donde lo usará):',
};

const en: typeof es = {
  title: 'System',
  backups: 'Backups',
  backupNote:
    'A sealed copy of the whole database, written into the data folder\'s "backups" folder while Recuento keeps running. Restoring it needs the master key that seals it: keep a copy of that key apart, never with the backups. Evidence files are copied separately ("evidence" folder).',
  backupNow: 'Back up now',
  backingUp: 'Backing up…',
  backedUp: 'Backup written: {{file}} ({{rows}} rows in {{tables}} tables), sealed by master key {{key}}.',
  log: 'Transparency log',
  size: 'Entries: {{size}}',
  checkpoint: 'The latest signed checkpoint',
  verifierKey: 'The key to verify it (publish it)',
  witnesses: 'Witnesses',
  witnessNote: 'Other organisations that cosign each checkpoint: with them nobody can show two different histories to two people.',
  noWitnesses: 'No witnesses yet.',
  witnessKey: "The witness's verifier key",
  addWitness: 'Accept this witness',
  witnessAdded: 'Witness "{{name}}" accepted.',
  added: 'Since',
  tokens: 'API tokens',
  noTokens: 'No tokens.',
  label: 'What it is for',
  scopes: 'Scope',
  revoked: 'revoked on {{when}}',
  revoke: 'Revoke',
  confirmRevoke: 'Revoke the token "{{label}}"? Whatever uses it stops working at once.',
  revokedDone: 'Token revoked.',
  newToken: 'New token',
  madeToken: 'New token (shown once; keep it where it will be used):',
};

i18next.addResourceBundle('es', 'staff', { system: es }, true);
i18next.addResourceBundle('en', 'staff', { system: en }, true);

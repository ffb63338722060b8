/** Spanish first, English too. The choice is remembered on this device only. */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LEVEL_LABELS, STATUS_LABELS } from '../shared/vocabulary-labels.js';

const es = {
  title: 'Recuento',
  language: 'English',
  languageLabel: 'Read in English',
  levels: LEVEL_LABELS.es,
  loading: 'Cargando…',
  signin: {
    link: 'Equipo',
    title: 'Entrar (equipo)',
    name: 'Nombre de la cuenta',
    password: 'Contraseña',
    code: 'Código de la app de autenticación (o un código de recuperación)',
    submit: 'Entrar',
    failed: 'No se pudo completar. Inténtelo de nuevo.',
    enrolWhy: 'Su función exige un segundo factor: una app de autenticación (por ejemplo, una de código abierto) en su teléfono.',
    enrolStart: 'Configurar la app de autenticación',
    enrolSecret: 'Escriba esta clave en la app (se muestra una sola vez) y luego el código de 6 cifras que la app muestra:',
    enrolUri: 'Enlace otpauth:// (para apps que lo aceptan)',
    enrolConfirm: 'Confirmar',
    recoveryNote: 'Sus códigos de recuperación, mostrados una sola vez. Guárdelos fuera del teléfono: cada uno sirve una vez si pierde la app.',
    recoveryDone: 'Los guardé, continuar',
  },
  account: {
    title: 'Mi cuenta',
    signOut: 'Salir',
    signedInAs: 'Sesión de {{name}} ({{role}}).',
    publicPage: 'Página pública',
    apiDocs: 'API',
    changePassword: 'Cambiar la contraseña',
    current: 'Contraseña actual',
    next: 'Contraseña nueva (12 caracteres o más; unas palabras sueltas sirven)',
    save: 'Guardar',
    passwordChanged: 'Contraseña cambiada. Sus otras sesiones se cerraron.',
    sessions: 'Sesiones abiertas',
    sessionsNote: 'Si ve una sesión que no reconoce, ciérrela y cambie su contraseña. Para cerrar sesiones se pide su contraseña otra vez.',
    sessionThis: 'esta sesión',
    sessionRow: 'Desde {{ip}} · abierta {{created}} · último uso {{seen}}',
    sessionPassword: 'Su contraseña, para cerrar sesiones',
    endSession: 'Cerrar',
    endOthers: 'Cerrar todas las demás',
    ended: '{{count}} sesión(es) cerrada(s).',
  },
  audit: {
    title: 'Registro de auditoría',
    note: 'Todo lo que hace el equipo (por la web, la API o la línea de órdenes) y cada intento rechazado, encadenado por hashes: un registro cambiado o borrado se detecta.',
    when: 'Cuándo',
    who: 'Quién',
    action: 'Acción',
    request: 'Petición',
    result: 'Resultado',
    from: 'Desde',
    older: 'Más antiguos',
    verify: 'Verificar la cadena',
    intact: 'Cadena intacta: {{count}} registros.',
    broken: 'La cadena está rota en el registro {{seq}}: {{reason}}',
    export: 'Exportar todo (JSON lines)',
  },
  roles: { administrator: 'administración', documenter: 'documentación', verifier: 'verificación', analyst: 'análisis legal', viewer: 'consulta' },
  statuses: { ...STATUS_LABELS.es, _small_cells: 'Grupos de menos de 5, juntos' },
};

const en: typeof es = {
  title: 'Recuento',
  language: 'Español',
  languageLabel: 'Leer en español',
  levels: LEVEL_LABELS.en,
  loading: 'Loading…',
  signin: {
    link: 'Staff',
    title: 'Sign in (staff)',
    name: 'Account name',
    password: 'Password',
    code: 'Code from the authenticator app (or a recovery code)',
    submit: 'Sign in',
    failed: 'That did not work. Please try again.',
    enrolWhy: 'Your role needs a second factor: an authenticator app (an open-source one, for instance) on your phone.',
    enrolStart: 'Set up the authenticator app',
    enrolSecret: 'Type this key into the app (it is shown only once), then the 6-digit code the app shows:',
    enrolUri: 'otpauth:// link (for apps that take one)',
    enrolConfirm: 'Confirm',
    recoveryNote: 'Your recovery codes, shown only once. Keep them away from the phone: each works once if you lose the app.',
    recoveryDone: 'I have kept them, continue',
  },
  account: {
    title: 'My account',
    signOut: 'Sign out',
    signedInAs: 'Signed in as {{name}} ({{role}}).',
    publicPage: 'Public page',
    apiDocs: 'API',
    changePassword: 'Change the password',
    current: 'Current password',
    next: 'New password (12 characters or more; a few unrelated words will do)',
    save: 'Save',
    passwordChanged: 'Password changed. Your other sessions were ended.',
    sessions: 'Open sessions',
    sessionsNote: 'If you see a session you do not recognise, end it and change your password. Ending sessions asks for your password again.',
    sessionThis: 'this session',
    sessionRow: 'From {{ip}} · opened {{created}} · last used {{seen}}',
    sessionPassword: 'Your password, to end sessions',
    endSession: 'End',
    endOthers: 'End all the others',
    ended: '{{count}} session(s) ended.',
  },
  audit: {
    title: 'Audit trail',
    note: 'Everything staff do (on the web, through the API or on the command line) and every refused attempt, chained by hashes: a changed or deleted record is detected.',
    when: 'When',
    who: 'Who',
    action: 'Action',
    request: 'Request',
    result: 'Result',
    from: 'From',
    older: 'Older',
    verify: 'Check the chain',
    intact: 'Chain intact: {{count}} records.',
    broken: 'The chain is broken at record {{seq}}: {{reason}}',
    export: 'Export everything (JSON lines)',
  },
  roles: { administrator: 'administration', documenter: 'documentation', verifier: 'verification', analyst: 'legal analysis', viewer: 'read only' },
  statuses: { ...STATUS_LABELS.en, _small_cells: 'Groups of fewer than 5, together' },
};

const STORAGE_KEY = 'recuento.lang';

export function initI18n(): void {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  void i18next.use(initReactI18next).init({
    resources: { es: { translation: es }, en: { translation: en } },
    lng: saved === 'en' ? 'en' : 'es',
    fallbackLng: 'es',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = i18next.language;
}

export function switchLanguage(): void {
  const next = i18next.language === 'es' ? 'en' : 'es';
  void i18next.changeLanguage(next);
  document.documentElement.lang = next;
  localStorage.setItem(STORAGE_KEY, next);
}

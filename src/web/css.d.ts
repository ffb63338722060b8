/** Stylesheets imported by a screen's module: Vite bundles them into that screen's chunk. */
declare module '*.css';

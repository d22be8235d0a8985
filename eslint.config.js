import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist', 'node_modules', '.scratch'] },
  {
    files: ['**/*.{ts,tsx,js}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // react-three-fiber's pattern is to mutate three.js objects (attributes, uniforms, controls)
    // in useFrame and effects instead of re-rendering (CONVENTIONS.md); the React Compiler's
    // immutability rule flags exactly that, so it is off for the scene components only.
    files: ['src/viz/**/*.tsx'],
    rules: { 'react-hooks/immutability': 'off' },
  },
  {
    // src/model is pure: no DOM, no React, no three (CONVENTIONS.md).
    files: ['src/model/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-dom', 'three', '@react-three/*'] },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'self'],
    },
  },
)

import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/app.css';
import { startPwa } from './ui/pwa.svelte.ts';

const app = mount(App, { target: document.getElementById('app')! });

startPwa();

export default app;

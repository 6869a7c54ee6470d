/** Runs on every portal page: marks the page as scripted so that no-JS fallbacks can step aside. */
document.documentElement.classList.add('js')

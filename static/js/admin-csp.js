/* The admin runs under a Content-Security-Policy without 'unsafe-inline' (core.admin_csp).

   1. What Wagtail starts with inline <script> tags (choosers, date pickers, inline panels) is
      rendered by the project as <template data-controller="tx-init"> elements that carry the
      initialiser's name and its arguments as JSON; the Stimulus controller below calls it
      when the element appears, so rows added later (an inline panel's new child, a dialog's
      content moved into the page) start the same way. Only the initialisers named in
      INITIALISERS can be called.
   2. Draftail (React) writes its placeholder and list-numbering rules into <style> elements
      it creates: style elements made by the admin's own scripts get the page's nonce. Style
      elements in the markup (anything injected into a page) never do. */
(() => {
  const { app } = window.wagtail;
  const { Controller } = window.StimulusModule;

  const nonce = document.currentScript && document.currentScript.nonce;
  if (nonce) {
    const createElement = Document.prototype.createElement;
    Document.prototype.createElement = function createElementWithNonce(name, ...rest) {
      const element = createElement.call(this, name, ...rest);
      if (String(name).toLowerCase() === 'style') element.nonce = nonce;
      return element;
    };
  }

  const started = new WeakSet();

  // Initialises every tx-init element under root now (not when Stimulus next looks), for
  // code that uses a new row's widgets right after adding it (MultipleChooserPanel).
  const startWithin = (root) => {
    if (!root) return;
    root.querySelectorAll('[data-controller~="tx-init"]').forEach((element) => {
      // eslint-disable-next-line no-use-before-define
      start(element);
    });
  };

  const panelClass = (Base) =>
    class extends Base {
      addForm(options) {
        super.addForm(options);
        startWithin(this.formsElt && this.formsElt.get(0));
      }
    };

  let InlinePanel;
  let MultipleChooserPanel;

  const createQueryChooser = (id, url) => {
    const input = document.getElementById(id);
    document.getElementById(`${id}-chooser`).addEventListener('click', () => {
      window.ModalWorkflow({
        url,
        onload: window.QUERY_CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: {
          queryChosen(queryData) {
            input.value = queryData.querystring;
          },
        },
      });
    });
  };

  // wagtail-localize's "translate into": one box ticks or clears every locale.
  const checkAll = (controlName, targetsName) => {
    const control = document.querySelector(`[name="${controlName}"]`);
    if (!control) return;
    control.addEventListener('change', () => {
      document.querySelectorAll(`[name="${targetsName}"]`).forEach((box) => {
        box.checked = control.checked; // eslint-disable-line no-param-reassign
      });
    });
  };

  // wagtail-localize's translation editor reads its choosers' addresses from the window.
  const setChooserUrls = (urls) => {
    if (typeof window.chooserUrls === 'undefined') window.chooserUrls = urls;
  };

  // name → [is it a constructor, where it is]
  const INITIALISERS = {
    initDateChooser: [false, () => window.initDateChooser],
    initTimeChooser: [false, () => window.initTimeChooser],
    initDateTimeChooser: [false, () => window.initDateTimeChooser],
    createTaskChooser: [false, () => window.createTaskChooser],
    createQueryChooser: [false, () => createQueryChooser],
    checkAll: [false, () => checkAll],
    setChooserUrls: [false, () => setChooserUrls],
    PageChooser: [true, () => window.PageChooser],
    ImageChooser: [true, () => window.ImageChooser],
    DocumentChooser: [true, () => window.DocumentChooser],
    SnippetChooser: [true, () => window.SnippetChooser],
    InlinePanel: [
      true,
      () => {
        InlinePanel = InlinePanel || panelClass(window.InlinePanel);
        return InlinePanel;
      },
    ],
    MultipleChooserPanel: [
      true,
      () => {
        MultipleChooserPanel = MultipleChooserPanel || panelClass(window.MultipleChooserPanel);
        return MultipleChooserPanel;
      },
    ],
  };

  function start(element) {
    if (started.has(element)) return;
    started.add(element);
    const { txInitCall: name, txInitId: id, txInitArgs: args } = element.dataset;
    const initialiser = Object.hasOwn(INITIALISERS, name) ? INITIALISERS[name] : null;
    if (!initialiser) throw new Error(`tx-init: "${name}" is not an admin initialiser`);
    const [isConstructor, find] = initialiser;
    const target = find();
    const values = [...(id ? [id] : []), ...JSON.parse(args || '[]')];
    // eslint-disable-next-line new-cap
    if (isConstructor) new target(...values);
    else target(...values);
  }

  class InitController extends Controller {
    connect() {
      start(this.element);
    }
  }

  app.register('tx-init', InitController);
})();

/* The page editor's autosave must never race the user's own save or submission: once the
   user submits the form, no new autosave starts, and a submission waits for an autosave
   already on its way (otherwise the autosave could reach the server after the submission
   and be refused, or leave a draft behind the version sent for review). */
document.addEventListener(
  'submit',
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches('[data-edit-form]')) return;
    const app = window.wagtail && window.wagtail.app;
    const autosave = app && app.getControllerForElementAndIdentifier(form, 'w-autosave');
    if (!autosave) return;
    autosave.activeValue = false;
    if (autosave.submitPromise && !form.dataset.txAutosaveSettled) {
      event.preventDefault();
      event.stopImmediatePropagation();
      const submitter = event.submitter;
      autosave.submitPromise.catch(() => {}).finally(() => {
        form.dataset.txAutosaveSettled = 'true';
        form.requestSubmit(submitter);
      });
    }
  },
  true,
);

// Sends a form marked data-vanzelf-verzenden at once (the SAML hand-off in
// templates/federatie/saml_resubmit.html); without JavaScript its button does it.
document.querySelectorAll("form[data-vanzelf-verzenden]").forEach(function (form) {
    form.submit();
});

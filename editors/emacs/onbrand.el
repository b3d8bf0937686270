;;; onbrand.el --- onbrand brand-voice linter via eglot  -*- lexical-binding: t; -*-

;; Load this file (or copy its forms into your init file). Requires Emacs 29+ (eglot built in)
;; or eglot from ELPA.

;;; Commentary:

;; Registers `onbrand lsp' with eglot for Markdown, HTML, plain text and e-mail buffers and
;; starts it automatically.  onbrand picks the nearest onbrand.toml for every file itself.
;; The :language-id forms tell the server what it is reading (eglot would otherwise derive
;; "gfm" or "mhtml" from the mode name; onbrand falls back to the file extension then, too).

;;; Code:

(require 'eglot)

(defgroup onbrand nil
  "Brand-voice linting with onbrand."
  :group 'tools)

(defcustom onbrand-executable "onbrand"
  "The onbrand binary (a name on `exec-path' or a full path)."
  :type 'string
  :group 'onbrand)

(defconst onbrand-modes
  '((markdown-mode :language-id "markdown")
    (gfm-mode :language-id "markdown")
    (mhtml-mode :language-id "html")
    (html-mode :language-id "html")
    (message-mode :language-id "email")
    ;; Last: many modes derive from text-mode, and the first matching entry wins.
    (text-mode :language-id "plaintext"))
  "Major modes onbrand reads, with the language id eglot sends.")

(add-to-list 'eglot-server-programs
             `(,onbrand-modes . ,(lambda (&rest _) (list onbrand-executable "lsp"))))

(dolist (hook '(markdown-mode-hook gfm-mode-hook mhtml-mode-hook html-mode-hook))
  (add-hook hook #'eglot-ensure))

;; `.eml' files open in `message-mode' only if told so.
(add-to-list 'auto-mode-alist '("\\.eml\\'" . message-mode))

(provide 'onbrand)
;;; onbrand.el ends here

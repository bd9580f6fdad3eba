;;; eglot-test.el --- Drive the Condense language server from Emacs with Eglot  -*- lexical-binding: t -*-

;; Run by test/unit/editors.test.ts as:
;;   emacs --batch -Q -l test/editors/eglot-test.el
;; Input comes from the environment:
;;   CONDENSE_STUDY     a fresh copy of sample/ (the project root)
;;   CONDENSE_SERVER    absolute path of dist/server.js
;;   CONDENSE_NODE      the node binary (defaults to "node")
;;   CONDENSE_MODE      "features" (completion, hover, definition, diagnostics),
;;                      "rename" (eglot-rename facilitate -> preparing, then save)
;;                      or "probe" (only check that Eglot can be loaded)
;;   CONDENSE_TITLE     title of the code `facilitate` in the codebook
;;   CONDENSE_DEF_LINE  0-based line of the `{#facilitate}` heading in codebook.md
;; Every check prints "PASS <name>" or "FAIL <name>: <why>" on stdout; Emacs exits
;; with 0 when all passed, 1 otherwise, and 3 when Eglot is not available.

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defun condense-out (fmt &rest args)
  "Print FMT with ARGS and a newline on stdout."
  (princ (concat (apply #'format fmt args) "\n")))

;; -Q skips site-start, which is what puts Debian's elpa-eglot (and its newer
;; project/xref) on the load path; Emacs 29+ bundles Eglot.
(unless (require 'eglot nil t)
  (dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*-[0-9]*"))
    (when (file-directory-p dir) (add-to-list 'load-path dir)))
  (unless (require 'eglot nil t)
    (condense-out "NO-EGLOT")
    (kill-emacs 3)))

(condense-out "INFO emacs %s, eglot %s" emacs-version
              (or (ignore-errors (with-temp-buffer
                                   (insert-file-contents (find-library-name "eglot"))
                                   (and (re-search-forward "^;; Version: *\\(.*\\)$" nil t)
                                        (match-string 1))))
                  "?"))
(when (equal (getenv "CONDENSE_MODE") "probe") (kill-emacs 0))

(defun condense-env (name &optional default)
  "The environment variable NAME, DEFAULT, or an error."
  (let ((v (getenv name)))
    (cond ((and v (not (string-empty-p v))) v)
          (default default)
          (t (error "Environment variable %s is not set" name)))))

(defvar condense-failures 0)
(defvar condense-study (file-name-as-directory (expand-file-name (condense-env "CONDENSE_STUDY"))))
(defvar condense-server (condense-env "CONDENSE_SERVER"))
(defvar condense-node (condense-env "CONDENSE_NODE" "node"))
(defvar condense-run (condense-env "CONDENSE_MODE" "features"))
(defvar condense-title (condense-env "CONDENSE_TITLE"))
(defvar condense-def-line (string-to-number (condense-env "CONDENSE_DEF_LINE")))
(defvar condense-codebook (expand-file-name "codebook.md" condense-study))
(defvar condense-transcript (expand-file-name "transcripts/fg1.md" condense-study))
(defvar condense-published nil "Diagnostics the server published: (URI . DIAGNOSTICS), newest first.")
(defvar condense-prompts nil "Questions Eglot asked (and that were answered yes).")

(defvar condense-buffer nil "The transcript's buffer, where every check starts.")

(defmacro condense-check (name &rest body)
  "Run BODY as the check NAME in the transcript's buffer; print PASS or FAIL."
  (declare (indent 1))
  `(condition-case err
       (progn (when (buffer-live-p condense-buffer) (switch-to-buffer condense-buffer))
              ,@body
              (condense-out "PASS %s" ,name))
     (error (cl-incf condense-failures)
            (condense-out "FAIL %s: %s" ,name (error-message-string err)))))

(defun condense-wait (pred seconds)
  "Process events until PRED is non-nil or SECONDS pass; return PRED's value."
  (let ((deadline (+ (float-time) seconds)) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

(defun condense-goto (needle delta)
  "Move point to the first occurrence of NEEDLE in the buffer, plus DELTA characters."
  (goto-char (point-min))
  (unless (search-forward needle nil t) (error "Text not found: %s" needle))
  (goto-char (+ (match-beginning 0) delta)))

;; No stray files in the study: no backups, auto-saves or lock files.
(setq make-backup-files nil auto-save-default nil create-lockfiles nil
      eglot-autoreconnect nil eglot-sync-connect 10
      ;; Newer Eglot asks before applying edits; 1.9 only when a file is not visited.
      eglot-confirm-server-initiated-edits nil)
(when (boundp 'eglot-confirm-server-edits) (setq eglot-confirm-server-edits nil))
;; Answer Eglot's questions with yes, and remember them.
(advice-add 'y-or-n-p :override (lambda (prompt &rest _) (push prompt condense-prompts) t))
(advice-add 'yes-or-no-p :override (lambda (prompt &rest _) (push prompt condense-prompts) t))
;; Record the diagnostics the server pushes, beside what Eglot hands to Flymake.
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                (push (cons (plist-get params :uri) (plist-get params :diagnostics)) condense-published))))

;; Report the shape of the WorkspaceEdits Eglot applies.
(advice-add 'eglot--apply-workspace-edit :before
            (lambda (wedit &rest _)
              (let ((dc (plist-get wedit :documentChanges)))
                (condense-out "INFO workspace edit: %s"
                              (if dc
                                  (mapconcat (lambda (c)
                                               (let ((td (plist-get c :textDocument)))
                                                 (format "%s@%s" (file-name-nondirectory (eglot--uri-to-path (plist-get td :uri)))
                                                         (plist-get td :version))))
                                             dc " ")
                                "changes")))))

;; Markdown for Condense: a mode of its own, so the test needs no markdown-mode, and the
;; study as the project, found by its condense.json (as a user would configure it).
(define-derived-mode condense-md-mode text-mode "Condense-MD")
(add-to-list 'auto-mode-alist '("\\.md\\'" . condense-md-mode))
(add-to-list 'eglot-server-programs `(condense-md-mode . (,condense-node ,condense-server "--stdio")))
(add-hook 'project-find-functions
          (lambda (dir)
            (when-let ((root (locate-dominating-file dir "condense.json")))
              (cons 'transient (expand-file-name root)))))

(defun condense-hover-text (contents)
  "The text of hover CONTENTS (MarkupContent, MarkedString or a vector of them)."
  (cond ((stringp contents) contents)
        ((vectorp contents) (mapconcat #'condense-hover-text contents "\n"))
        ((plist-get contents :value))
        (t (format "%S" contents))))

(defun condense-diagnostic-codes ()
  "The codes in the last diagnostics published for the transcript."
  (let ((entry (cl-find-if (lambda (e) (equal (eglot--uri-to-path (car e)) condense-transcript))
                           condense-published)))
    (mapcar (lambda (d) (plist-get d :code)) (cdr entry))))

(defun condense-main ()
  "Open the transcript, connect Eglot and run the checks of `condense-run'."
  (find-file condense-transcript)
  (unless (eq major-mode 'condense-md-mode) (error "Transcript opened in %s" major-mode))
  ;; What M-x eglot does: guess mode, project and server from the configuration.
  (call-interactively #'eglot)
  (setq condense-buffer (current-buffer))
  (let ((buffer (current-buffer)) server)
    (unless (condense-wait (lambda () (with-current-buffer buffer (eglot-current-server))) 20)
      (error "Eglot did not connect within 20 s"))
    (setq server (eglot-current-server))
    (let ((root (project-root (eglot--project server))))
      (unless (equal (file-name-as-directory (expand-file-name root)) condense-study)
        (error "Project root %s, not the study" root)))
    ;; No waiting for the index: the checks ask at once. The server holds requests that
    ;; need the whole study until it has read it, so the first answers are complete.
    (pcase condense-run
      ("features"
       (condense-check "completion"
         ;; Right after `{.' of the unit `[...]{.shift}': every code of the codebook.
         (condense-goto "]{.shift}" 3)
         (let* ((result (jsonrpc-request server :textDocument/completion
                                         (eglot--TextDocumentPositionParams)))
                (items (if (vectorp result) result (plist-get result :items)))
                (labels (mapcar (lambda (i) (plist-get i :label)) items)))
           (dolist (want '("facilitate" "challenges" "shift" "benefits"))
             (unless (member want labels) (error "No item %s among %S" want labels)))
           (condense-out "INFO completion items %d" (length labels))))
       (condense-check "completion-at-point"
         ;; Eglot's own completion table, as M-x completion-at-point uses it.
         (condense-goto "]{.shift}" 3)
         (let* ((capf (eglot-completion-at-point))
                (table (nth 2 capf))
                (candidates (all-completions "" table)))
           (dolist (want '("facilitate" "challenges"))
             (unless (member want candidates) (error "No candidate %s among %S" want candidates)))))
       (condense-check "hover"
         (condense-goto " .facilitate}" 3)
         (let* ((result (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)))
                (text (and result (replace-regexp-in-string
                                   "\\\\" "" (condense-hover-text (plist-get result :contents))))))
           (unless (and text (string-match-p (regexp-quote condense-title) text))
             (error "Hover does not mention %S: %S" condense-title text))))
       (condense-check "definition"
         (condense-goto " .facilitate}" 3)
         (let* ((result (jsonrpc-request server :textDocument/definition (eglot--TextDocumentPositionParams)))
                (loc (if (vectorp result) (and (> (length result) 0) (aref result 0)) result))
                (uri (or (plist-get loc :uri) (plist-get loc :targetUri)))
                (range (or (plist-get loc :range) (plist-get loc :targetSelectionRange)))
                (line (plist-get (plist-get range :start) :line)))
           (unless (equal (eglot--uri-to-path uri) condense-codebook)
             (error "Definition in %s, not %s" uri condense-codebook))
           (unless (equal line condense-def-line)
             (error "Definition at line %s, the heading is on line %s" line condense-def-line))))
       (condense-check "xref-find-definitions"
         ;; The same through Emacs' own M-. machinery.
         (condense-goto " .facilitate}" 3)
         (xref-find-definitions (xref-backend-identifier-at-point (xref-find-backend)))
         (set-buffer (window-buffer (selected-window)))
         (let ((line (1- (line-number-at-pos))))
           (unless (and (equal buffer-file-name condense-codebook) (= line condense-def-line))
             (error "M-. went to %s:%d" buffer-file-name line))
           (unless (string-match-p (regexp-quote "{#facilitate}") (thing-at-point 'line t))
             (error "M-. landed on %S" (thing-at-point 'line t)))))
       (condense-check "diagnostics"
         (when (member "unknown-code" (condense-diagnostic-codes))
           (error "unknown-code before the edit"))
         (goto-char (point-max))
         ;; Non-ASCII before the class: Eglot converts columns as UTF-16.
         (insert "\nP5: Bjørn — “café” [some text]{.nosuchcode}\n")
         ;; Eglot sends didChange from an idle timer, which batch Emacs never reaches.
         (eglot--signal-textDocument/didChange)
         (unless (condense-wait (lambda () (member "unknown-code" (condense-diagnostic-codes))) 15)
           (error "No unknown-code diagnostic within 15 s; published %S" condense-published))
         ;; What the user sees: Eglot hands the diagnostics to Flymake.
         (let ((flymake (condense-wait
                         (lambda ()
                           (cl-find-if (lambda (d) (string-match-p "unknown-code" (flymake-diagnostic-text d)))
                                       (flymake-diagnostics)))
                         5)))
           (unless flymake
             (error "Flymake has no unknown-code diagnostic: %S" (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
           (let ((marked (buffer-substring-no-properties (flymake-diagnostic-beg flymake)
                                                         (flymake-diagnostic-end flymake))))
             (unless (string-match-p (regexp-quote "nosuchcode") marked)
               (error "Flymake diagnostic marks %S, not the class" marked))
             (unless (eq (flymake-diagnostic-type flymake) 'eglot-error)
               (error "Flymake diagnostic type %s, not eglot-error" (flymake-diagnostic-type flymake)))
             (condense-out "INFO flymake marks %S: %s" marked (flymake-diagnostic-text flymake))))))
      ("rename"
       (condense-check "rename"
         (condense-goto " .facilitate}" 3)
         (eglot-rename "preparing")
         (save-some-buffers t)
         (dolist (p (reverse condense-prompts)) (condense-out "INFO eglot asked: %s" (string-trim p)))
         (dolist (b (buffer-list))
           (when (and (buffer-file-name b) (buffer-modified-p b))
             (error "Buffer still modified after saving: %s" (buffer-file-name b))))))
      (_ (error "Unknown CONDENSE_MODE %s" condense-run)))
    (ignore-errors (eglot-shutdown server))))

(condition-case err
    (condense-main)
  (error (cl-incf condense-failures)
         (condense-out "FAIL setup: %s" (error-message-string err))))
(condense-out (if (= condense-failures 0) "DONE ok" (format "DONE %d failed" condense-failures)))
(kill-emacs (if (= condense-failures 0) 0 1))

;;; eglot-test.el ends here

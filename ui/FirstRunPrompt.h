#pragma once

#include <QFrame>

class AppSettings;
class ApiKeyStore;

// A banner at the top of the main window on first start, when there is no API key: it offers to enter one and,
// once dismissed, never comes back. Non-modal, so that the window (and demo mode) can be explored first.
class FirstRunPrompt final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunPrompt)

public:
    // keys and settings must outlive the banner. It hides itself as soon as a key is in use. notice (rich text,
    // may be empty) is what the window has to say about the service in use, e.g. that this is demo mode: said
    // first, so that the window shows one banner, not two.
    FirstRunPrompt(ApiKeyStore *keys, AppSettings *settings, const QString &notice = {}, QWidget *parent = nullptr);

    // True when the banner should be shown: no key from the environment, the keychain or this session, nothing
    // still loading, and the user has not dismissed the offer before.
    static bool shouldOffer(const ApiKeyStore &keys, const AppSettings &settings);

    // What "Not now" does: hides the banner and remembers not to offer again.
    void dismiss();

Q_SIGNALS:
    // "Enter API key…": the window opens the settings at the key (SettingsDialog::showKeySection()).
    void enterKeyRequested();

private:
    ApiKeyStore *m_keys;
    AppSettings *m_settings;
};

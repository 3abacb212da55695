#pragma once

#include "Ask.h"

#include "account/ApiKeyStore.h"

#include <QDialog>
#include <QString>
#include <QUrl>

#include <optional>

class AppSettings;
class KeyCheck;
class QCheckBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QSpinBox;
class QToolButton;
struct ApiError;
struct Credits;

// Paddock's preferences: the Segmind API key (checked, saved, removed at once, in the keychain only), the spending
// limits, the queue width and what the form remembers. OK writes the preferences; the key buttons act at once.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    // Asks the user to confirm something; true means go ahead.

    // keys and settings must outlive the dialog. apiBaseUrl is where "Check" asks for the balance.
    SettingsDialog(ApiKeyStore *keys, AppSettings *settings, const QUrl &apiBaseUrl, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // Puts the focus in the key field (the first-start prompt opens the dialog here).
    void showKeySection();

    // Replaces the QMessageBox used for confirmations (tests answer without a dialog).
    void setConfirm(Confirm confirm);

    // Writes the preferences (not the key) to AppSettings, then closes.
    void accept() override;

Q_SIGNALS:
    // The key in use changed from here: saved, removed, or kept for this session.
    void keyChanged();

protected:
    void showEvent(QShowEvent *event) override;

private:
    enum class KeyOperation
    {
        None,
        Save,
        Remove
    };

    // One optional amount of money: a checkbox that turns it on and the amount in dollars.
    struct AmountRow
    {
        QCheckBox *enabled = nullptr;
        QDoubleSpinBox *dollars = nullptr;
    };

    QWidget *createKeySection();
    QWidget *createSpendingSection();
    QWidget *createQueueSection();
    QWidget *createPrivacySection();
    AmountRow createAmountRow(const QString &label, const QString &accessibleName, const QString &toolTip,
                              double minimumDollars, const QString &objectName);
    void loadSettings();
    static void setAmount(const AmountRow &row, std::optional<qint64> cents, qint64 fallbackCents);
    static std::optional<qint64> amount(const AmountRow &row);

    void onKeyEdited();
    void checkKey();
    void saveKey();
    void removeKey();
    void keepKeyForSession();
    void onKeyAccepted(const Credits &credits);
    void onKeyRejected(const ApiError &error);
    void onKeySaved();
    void onKeyRemoved();
    void onKeyFailed(ApiKeyStore::Failure failure, const QString &message);
    void showKeyStatus(const QString &text, bool problem);
    void updateKeySource();
    void updateKeyButtons();
    void growToFit();

    ApiKeyStore *m_keys;
    AppSettings *m_settings;
    QUrl m_apiBaseUrl;
    Confirm m_confirm;
    QNetworkAccessManager *m_network;
    KeyCheck *m_check;
    KeyOperation m_keyOperation = KeyOperation::None;

    QLineEdit *m_keyEdit = nullptr;
    QToolButton *m_showKey = nullptr;
    QLabel *m_formatWarning = nullptr;
    QLabel *m_keySource = nullptr;
    QLabel *m_keyStatus = nullptr;
    QLabel *m_noKeychain = nullptr;
    QPushButton *m_checkButton = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QPushButton *m_keepForSession = nullptr;

    AmountRow m_sessionLimit;
    AmountRow m_dayLimit;
    AmountRow m_confirmAbove;
    QSpinBox *m_maxConcurrent = nullptr;
    QCheckBox *m_rememberImages = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

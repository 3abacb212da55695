#include "SettingsDialog.h"

#include "Ask.h"

#include "account/KeyCheck.h"
#include "api/ApiError.h"
#include "api/ApiResponses.h"
#include "api/Pricing.h"
#include "settings/AppSettings.h"
#include "UiColors.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// What an amount shows while it is switched off, so that ticking its box starts from a sensible figure.
constexpr qint64 kSessionLimitFallbackCents = 2000;
constexpr qint64 kDayLimitFallbackCents = 5000;
constexpr qint64 kConfirmAboveFallbackCents = 500;
// What the service holds back from the balance before it starts a job (its average cost, not this job's price).
constexpr qint64 kReservedPerJobCents = 90;
constexpr double kMaxDollars = 100000.0;

QLabel *noteLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QLabel *problemLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setStyleSheet(UiColors::problemStyle(label->palette()));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->hide();
    return label;
}

// Return in the key field saves the key instead of pressing OK, which would close the dialog with the key unsaved.
class ReturnSaves final : public QObject
{
public:
    ReturnSaves(QObject *parent, std::function<void()> save) : QObject(parent), m_save(std::move(save)) {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::KeyPress) {
            const int key = static_cast<QKeyEvent *>(event)->key();
            if (key == Qt::Key_Return || key == Qt::Key_Enter) {
                m_save();
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_save;
};

} // namespace

SettingsDialog::SettingsDialog(ApiKeyStore *keys, AppSettings *settings, const QUrl &apiBaseUrl, QWidget *parent)
    : QDialog(parent), m_keys(keys), m_settings(settings), m_apiBaseUrl(apiBaseUrl),
      m_network(new QNetworkAccessManager(this)), m_check(new KeyCheck(m_network, this))
{
    setWindowTitle(u"Settings"_s);
    // Room for the explanations to wrap onto few lines; the dialog grows when a message appears (growToFit).
    setMinimumWidth(fontMetrics().averageCharWidth() * 100);
    m_confirm = [this](const QString &title, const QString &text) { return askYesNo(this, title, text); };

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createKeySection());
    layout->addWidget(createSpendingSection());
    auto *lower = new QHBoxLayout;
    lower->addWidget(createQueueSection(), 1);
    lower->addWidget(createPrivacySection(), 1);
    layout->addLayout(lower);
    layout->addStretch(1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setToolTip(u"Keep the spending, queue and privacy settings."_s);
    m_buttons->button(QDialogButtonBox::Cancel)
        ->setToolTip(u"Leave the spending, queue and privacy settings as they were. Key changes are already done."_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    layout->addWidget(m_buttons);

    connect(m_check, &KeyCheck::accepted, this, &SettingsDialog::onKeyAccepted);
    connect(m_check, &KeyCheck::rejected, this, &SettingsDialog::onKeyRejected);
    connect(m_keys, &ApiKeyStore::saved, this, &SettingsDialog::onKeySaved);
    connect(m_keys, &ApiKeyStore::removed, this, &SettingsDialog::onKeyRemoved);
    connect(m_keys, &ApiKeyStore::failed, this, &SettingsDialog::onKeyFailed);
    connect(m_keys, &ApiKeyStore::keyChanged, this, &SettingsDialog::updateKeySource);
    connect(m_keys, &ApiKeyStore::keychainStateChanged, this, &SettingsDialog::updateKeyButtons);

    // The key in use is shown (masked) so that it can be checked again; a key from the environment is not put
    // in the field, where Save would copy it into the keychain without the user having typed it.
    if (m_keys->source() == ApiKeyStore::Source::Keychain || m_keys->source() == ApiKeyStore::Source::SessionMemory)
        m_keyEdit->setText(m_keys->key());
    onKeyEdited();
    updateKeySource();
    loadSettings();
}

SettingsDialog::~SettingsDialog()
{
    // A check still running must end while its network manager lives: children die in creation order, the
    // manager first, and aborting a reply of a dead manager crashes.
    m_check->cancel();
}

QWidget *SettingsDialog::createKeySection()
{
    auto *group = new QGroupBox(u"Segmind API key"_s, this);
    auto *layout = new QVBoxLayout(group);

    layout->addWidget(noteLabel(u"Paddock sends the key only to the Segmind API. It is kept in the system keychain, "
                                u"never in a settings file or a log."_s,
                                group));

    auto *keyRow = new QHBoxLayout;
    m_keyEdit = new QLineEdit(group);
    m_keyEdit->setObjectName(u"apiKeyEdit"_s);
    m_keyEdit->setEchoMode(QLineEdit::Password);
    m_keyEdit->setPlaceholderText(u"SG_…"_s);
    m_keyEdit->setAccessibleName(u"Segmind API key"_s);
    m_keyEdit->setToolTip(u"Paste the API key from your Segmind account. Press Enter to save it."_s);
    m_keyEdit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText |
                                   Qt::ImhNoAutoUppercase);
    m_keyEdit->installEventFilter(new ReturnSaves(m_keyEdit, [this] {
        if (m_saveButton->isEnabled())
            saveKey();
    }));
    connect(m_keyEdit, &QLineEdit::textChanged, this, &SettingsDialog::onKeyEdited);
    keyRow->addWidget(m_keyEdit, 1);

    m_showKey = new QToolButton(group);
    m_showKey->setObjectName(u"showKeyButton"_s);
    m_showKey->setCheckable(true);
    m_showKey->setText(u"Show"_s);
    m_showKey->setIcon(QIcon::fromTheme(u"view-visible"_s));
    m_showKey->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_showKey->setAccessibleName(u"Show the key"_s);
    m_showKey->setToolTip(u"Show the key in plain text, for example to compare it with your Segmind account."_s);
    connect(m_showKey, &QToolButton::toggled, this, [this](bool show) {
        m_keyEdit->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
        m_showKey->setText(show ? u"Hide"_s : u"Show"_s);
        m_showKey->setIcon(QIcon::fromTheme(show ? u"view-hidden"_s : u"view-visible"_s));
        m_showKey->setAccessibleName(show ? u"Hide the key"_s : u"Show the key"_s);
    });
    keyRow->addWidget(m_showKey);
    layout->addLayout(keyRow);

    m_formatWarning = problemLabel(group);
    m_formatWarning->setObjectName(u"keyFormatWarning"_s);
    m_formatWarning->setAccessibleName(u"Key format warning"_s);
    layout->addWidget(m_formatWarning);

    m_keySource = new QLabel(group);
    m_keySource->setObjectName(u"keySource"_s);
    m_keySource->setWordWrap(true);
    m_keySource->setAccessibleName(u"Where the key in use comes from"_s);
    layout->addWidget(m_keySource);

    m_noKeychain = problemLabel(group);
    m_noKeychain->setObjectName(u"noKeychainNotice"_s);
    m_noKeychain->setText(u"No system keychain is available on this desktop, so the key cannot be saved. Start your "
                          u"desktop's keyring (GNOME Keyring or KWallet), or keep the key in memory for this session "
                          u"only. Paddock never writes it to a plain file."_s);
    layout->addWidget(m_noKeychain);

    auto *buttons = new QHBoxLayout;
    m_checkButton = new QPushButton(u"Check"_s, group);
    m_checkButton->setObjectName(u"checkKeyButton"_s);
    m_checkButton->setToolTip(u"Ask Segmind for the balance with this key. Checking is free."_s);
    m_checkButton->setAutoDefault(false);
    connect(m_checkButton, &QPushButton::clicked, this, &SettingsDialog::checkKey);
    buttons->addWidget(m_checkButton);

    m_saveButton = new QPushButton(u"Save"_s, group);
    m_saveButton->setObjectName(u"saveKeyButton"_s);
    m_saveButton->setToolTip(u"Save the key in the system keychain now, replacing any saved key."_s);
    m_saveButton->setAutoDefault(false);
    connect(m_saveButton, &QPushButton::clicked, this, &SettingsDialog::saveKey);
    buttons->addWidget(m_saveButton);

    m_removeButton = new QPushButton(u"Remove…"_s, group);
    m_removeButton->setObjectName(u"removeKeyButton"_s);
    m_removeButton->setToolTip(u"Delete the saved key from the system keychain now (after asking)."_s);
    m_removeButton->setAutoDefault(false);
    connect(m_removeButton, &QPushButton::clicked, this, &SettingsDialog::removeKey);
    buttons->addWidget(m_removeButton);

    m_keepForSession = new QPushButton(u"Keep for this session only"_s, group);
    m_keepForSession->setObjectName(u"keepForSessionButton"_s);
    m_keepForSession->setToolTip(u"Use the key until Paddock quits, without saving it anywhere."_s);
    m_keepForSession->setAutoDefault(false);
    connect(m_keepForSession, &QPushButton::clicked, this, &SettingsDialog::keepKeyForSession);
    buttons->addWidget(m_keepForSession);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    m_keyStatus = new QLabel(group);
    m_keyStatus->setObjectName(u"keyStatus"_s);
    m_keyStatus->setWordWrap(true);
    m_keyStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keyStatus->setAccessibleName(u"Key status"_s);
    m_keyStatus->hide();
    layout->addWidget(m_keyStatus);
    return group;
}

SettingsDialog::AmountRow SettingsDialog::createAmountRow(const QString &label, const QString &accessibleName,
                                                          const QString &toolTip, double minimumDollars,
                                                          const QString &objectName)
{
    AmountRow row;
    row.enabled = new QCheckBox(label, this);
    row.enabled->setObjectName(objectName + u"Enabled"_s);
    row.enabled->setToolTip(toolTip);
    row.dollars = new QDoubleSpinBox(this);
    row.dollars->setObjectName(objectName + u"Dollars"_s);
    row.dollars->setDecimals(2);
    row.dollars->setRange(minimumDollars, kMaxDollars);
    row.dollars->setSingleStep(1.0);
    row.dollars->setPrefix(u"$"_s);
    row.dollars->setGroupSeparatorShown(true);
    row.dollars->setAccessibleName(accessibleName);
    row.dollars->setToolTip(toolTip);
    row.dollars->setEnabled(false);
    connect(row.enabled, &QCheckBox::toggled, row.dollars, &QWidget::setEnabled);
    return row;
}

QWidget *SettingsDialog::createSpendingSection()
{
    auto *group = new QGroupBox(u"Spending"_s, this);
    auto *layout = new QGridLayout(group);
    layout->setColumnStretch(2, 1);

    // The limits ask rather than refuse: the person at the keyboard decides, knowing by how much.
    m_sessionLimit = createAmountRow(
        u"Ask before this session's spending passes"_s, u"Session limit in dollars"_s,
        u"Paddock asks, and says by how much, before a job would take what this session has spent or committed "
        u"past this amount. Jobs already sent still finish and are billed."_s,
        0.01, u"sessionLimit"_s);
    m_dayLimit = createAmountRow(u"Ask before today's spending passes"_s, u"Daily limit in dollars"_s,
                                 u"Paddock asks, and says by how much, before a job would take today's spending "
                                 u"past this amount. Jobs already sent still finish and are billed."_s,
                                 0.01, u"dayLimit"_s);
    m_confirmAbove = createAmountRow(
        u"Ask before sending a job that costs more than"_s, u"Confirmation threshold in dollars"_s,
        u"Paddock asks before it sends a job (all its takes together) whose price is above this amount."_s, 0.0,
        u"confirmAbove"_s);
    int row = 0;
    for (const AmountRow *amountRow : {&m_sessionLimit, &m_dayLimit, &m_confirmAbove}) {
        layout->addWidget(amountRow->enabled, row, 0);
        layout->addWidget(amountRow->dollars, row, 1);
        ++row;
    }
    layout->addWidget(
        noteLabel(u"Segmind reserves about %1 of your balance before it runs a job, so keep a little "
                  u"more than the job's price in your account."_s.arg(Pricing::formatCents(kReservedPerJobCents)),
                  group),
        row, 0, 1, 3);
    return group;
}

QWidget *SettingsDialog::createQueueSection()
{
    auto *group = new QGroupBox(u"Queue"_s, this);
    auto *layout = new QGridLayout(group);
    auto *label = new QLabel(u"Jobs sent at once:"_s, group);
    m_maxConcurrent = new QSpinBox(group);
    m_maxConcurrent->setObjectName(u"maxConcurrentJobs"_s);
    m_maxConcurrent->setRange(1, 16);
    m_maxConcurrent->setAccessibleName(u"Maximum jobs sent at once"_s);
    m_maxConcurrent->setToolTip(u"How many jobs Paddock has running on the service at the same time. More jobs wait "
                                u"in Paddock's queue until one finishes."_s);
    label->setBuddy(m_maxConcurrent);
    layout->addWidget(label, 0, 0);
    layout->addWidget(m_maxConcurrent, 0, 1);
    layout->setColumnStretch(2, 1);
    layout->addWidget(noteLabel(u"Takes effect the next time Paddock starts."_s, group), 1, 0, 1, 3);
    return group;
}

QWidget *SettingsDialog::createPrivacySection()
{
    auto *group = new QGroupBox(u"Privacy"_s, this);
    auto *layout = new QVBoxLayout(group);
    m_rememberImages = new QCheckBox(u"Remember images in the form between runs"_s, group);
    m_rememberImages->setObjectName(u"rememberImages"_s);
    m_rememberImages->setToolTip(u"When off, the first frame and reference images are not kept when Paddock quits, "
                                 u"because images can be private. The prompt and parameters are always kept."_s);
    layout->addWidget(m_rememberImages);
    layout->addStretch(1);
    return group;
}

void SettingsDialog::loadSettings()
{
    setAmount(m_sessionLimit, m_settings->sessionLimitCents(), kSessionLimitFallbackCents);
    setAmount(m_dayLimit, m_settings->dayLimitCents(), kDayLimitFallbackCents);
    setAmount(m_confirmAbove, m_settings->confirmAboveCents(), kConfirmAboveFallbackCents);
    m_maxConcurrent->setValue(m_settings->maxConcurrentJobs());
    m_rememberImages->setChecked(m_settings->rememberImages());
}

void SettingsDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    growToFit();
}

void SettingsDialog::growToFit()
{
    // Wrapped labels need a height that depends on the width, which a window's size hint does not account for:
    // without this, a message that appears later squeezes every line of the dialog. Done once the layout has
    // taken the new label into account.
    QTimer::singleShot(0, this, [this] {
        if (!isVisible())
            return;
        const int needed = heightForWidth(width());
        if (needed > height())
            resize(width(), needed);
    });
}

void SettingsDialog::setAmount(const AmountRow &row, std::optional<qint64> cents, qint64 fallbackCents)
{
    row.enabled->setChecked(cents.has_value());
    row.dollars->setEnabled(cents.has_value());
    // Only for display: the stored value stays whole cents, and amount() rounds back to the same cents.
    row.dollars->setValue(static_cast<double>(cents.value_or(fallbackCents)) / 100.0);
}

std::optional<qint64> SettingsDialog::amount(const AmountRow &row)
{
    if (!row.enabled->isChecked())
        return std::nullopt;
    // The spin box holds a double (12.34 is 12.339999…): round to the nearest cent, never truncate.
    return std::llround(row.dollars->value() * 100.0);
}

void SettingsDialog::accept()
{
    m_settings->setSessionLimitCents(amount(m_sessionLimit));
    m_settings->setDayLimitCents(amount(m_dayLimit));
    m_settings->setConfirmAboveCents(amount(m_confirmAbove));
    m_settings->setMaxConcurrentJobs(m_maxConcurrent->value());
    m_settings->setRememberImages(m_rememberImages->isChecked());
    m_settings->sync();
    QDialog::accept();
}

void SettingsDialog::setConfirm(Confirm confirm)
{
    m_confirm = std::move(confirm);
}

void SettingsDialog::showKeySection()
{
    m_keyEdit->setFocus(Qt::OtherFocusReason);
    m_keyEdit->selectAll();
}

void SettingsDialog::onKeyEdited()
{
    // A check's answer (running or shown) is about the text that was in the field, not this one.
    m_check->cancel();
    if (m_keyOperation == KeyOperation::None)
        m_keyStatus->hide();
    const QString text = m_keyEdit->text();
    // An empty field is where everyone starts: nothing to warn about yet.
    const QString warning = text.trimmed().isEmpty() ? QString() : ApiKeyStore::checkFormat(text);
    m_formatWarning->setText(warning);
    m_formatWarning->setVisible(!warning.isEmpty());
    updateKeyButtons();
    growToFit();
}

void SettingsDialog::checkKey()
{
    const QString key = m_keyEdit->text().trimmed();
    if (key.isEmpty())
        return;
    m_check->start(m_apiBaseUrl, key);
    showKeyStatus(u"Checking the key with Segmind…"_s, false);
    updateKeyButtons();
}

void SettingsDialog::onKeyAccepted(const Credits &credits)
{
    QString text = KeyCheck::describe(credits);
    if (m_keyEdit->text().trimmed() != m_keys->key())
        text += u" Press Save to use it."_s;
    showKeyStatus(text, false);
    updateKeyButtons();
}

void SettingsDialog::onKeyRejected(const ApiError &error)
{
    if (error.kind == ApiError::Kind::NotFound) {
        // The service got past the key (a bad one is a 401) but keeps no balance for the account: the key works.
        QString text = u"The key works. "_s + error.message;
        if (m_keyEdit->text().trimmed() != m_keys->key())
            text += u" Press Save to use it."_s;
        showKeyStatus(text, false);
    } else if (error.kind == ApiError::Kind::Auth)
        showKeyStatus(u"Segmind did not accept this key. Check that you copied all of it from your Segmind account, "
                      u"or create a new key there."_s,
                      true);
    else
        showKeyStatus(u"The key could not be checked. "_s + error.message, true);
    updateKeyButtons();
}

void SettingsDialog::saveKey()
{
    const QString key = m_keyEdit->text().trimmed();
    if (key.isEmpty() || m_keyOperation != KeyOperation::None)
        return;
    m_keyOperation = KeyOperation::Save;
    showKeyStatus(u"Saving the key in the system keychain…"_s, false);
    updateKeyButtons();
    m_keys->save(key);
}

void SettingsDialog::removeKey()
{
    if (m_keyOperation != KeyOperation::None)
        return;
    QString text;
    switch (m_keys->source()) {
    case ApiKeyStore::Source::Environment:
        text = u"Remove the key saved in the system keychain? SEGMIND_API_KEY stays in use for this run; later runs "
               u"without it will have no key."_s;
        break;
    case ApiKeyStore::Source::SessionMemory:
        text = u"Forget the key kept for this session? Paddock cannot send jobs until you enter a key again."_s;
        break;
    case ApiKeyStore::Source::Keychain:
    case ApiKeyStore::Source::None:
        text = u"Remove the saved key from the system keychain? Paddock cannot send jobs until you enter a key "
               u"again."_s;
        break;
    }
    if (!m_confirm || !m_confirm(u"Remove the API key?"_s, text))
        return;
    m_keyOperation = KeyOperation::Remove;
    showKeyStatus(u"Removing the key…"_s, false);
    updateKeyButtons();
    m_keys->remove();
}

void SettingsDialog::keepKeyForSession()
{
    if (!m_keys->keepInMemoryForSession(m_keyEdit->text()))
        return;
    if (m_keys->isEnvironmentOverride())
        showKeyStatus(u"Kept in memory for this session only. SEGMIND_API_KEY still decides the key for this run."_s,
                      false);
    else
        showKeyStatus(u"Kept in memory for this session only; Paddock forgets it when it quits."_s, false);
    updateKeyButtons();
    Q_EMIT keyChanged();
}

void SettingsDialog::onKeySaved()
{
    if (m_keyOperation != KeyOperation::Save)
        return;
    m_keyOperation = KeyOperation::None;
    if (m_keys->isEnvironmentOverride())
        showKeyStatus(u"Saved in the system keychain. SEGMIND_API_KEY still decides the key for this run; later runs "
                      u"without it use the saved key."_s,
                      false);
    else
        showKeyStatus(u"Saved in the system keychain."_s, false);
    updateKeyButtons();
    Q_EMIT keyChanged();
}

void SettingsDialog::onKeyRemoved()
{
    if (m_keyOperation != KeyOperation::Remove)
        return;
    m_keyOperation = KeyOperation::None;
    m_keyEdit->clear();
    if (m_keys->isEnvironmentOverride())
        showKeyStatus(u"Removed from the system keychain. SEGMIND_API_KEY stays in use for this run."_s, false);
    else
        showKeyStatus(u"Removed. Paddock has no API key now."_s, false);
    updateKeyButtons();
    Q_EMIT keyChanged();
}

void SettingsDialog::onKeyFailed(ApiKeyStore::Failure failure, const QString &message)
{
    if (m_keyOperation == KeyOperation::None)
        return; // a load started elsewhere
    const bool wasRemove = m_keyOperation == KeyOperation::Remove;
    m_keyOperation = KeyOperation::None;
    if (failure == ApiKeyStore::Failure::KeychainUnavailable) {
        // The notice beside "Keep for this session only" says it, with the keychain's own words: once is enough.
        m_noKeychain->setText(message);
        showKeyStatus({}, false);
    } else {
        showKeyStatus(message, true);
    }
    updateKeyButtons();
    // A failed remove still forgets a session key (the message says so): the key in use changed all the same.
    if (wasRemove && m_keys->source() == ApiKeyStore::Source::None)
        Q_EMIT keyChanged();
}

void SettingsDialog::showKeyStatus(const QString &text, bool problem)
{
    m_keyStatus->setText(text);
    m_keyStatus->setStyleSheet(problem ? UiColors::problemStyle(m_keyStatus->palette()) : QString());
    m_keyStatus->setVisible(!text.isEmpty());
    growToFit();
}

void SettingsDialog::updateKeySource()
{
    using Source = ApiKeyStore::Source;
    switch (m_keys->source()) {
    case Source::Environment:
        m_keySource->setText(u"Key in use: from the SEGMIND_API_KEY environment variable. While it is set, it "
                             u"overrides the saved key for this run. You can still edit and save a key here; later "
                             u"runs without the variable use it."_s);
        m_keyEdit->setPlaceholderText(u"A key to save for runs without SEGMIND_API_KEY"_s);
        break;
    case Source::Keychain:
    case Source::SessionMemory:
        m_keySource->setText(u"Key in use: %1."_s.arg(ApiKeyStore::describe(m_keys->source())));
        break;
    case Source::None:
        m_keySource->setText(u"No key yet. Paste your Segmind API key, check it, and save it."_s);
        break;
    }
    updateKeyButtons();
}

void SettingsDialog::updateKeyButtons()
{
    const bool hasText = !m_keyEdit->text().trimmed().isEmpty();
    const bool keyBusy = m_keyOperation != KeyOperation::None;
    const bool noKeychain = m_keys->keychainState() == ApiKeyStore::KeychainState::Unavailable;

    m_checkButton->setEnabled(hasText && !m_check->isRunning());
    m_checkButton->setText(m_check->isRunning() ? u"Checking…"_s : u"Check"_s);
    m_saveButton->setEnabled(hasText && !keyBusy);
    // With the variable in use there may be a saved key behind it; before the keychain was ever asked, too.
    m_removeButton->setEnabled(!keyBusy && (m_keys->source() != ApiKeyStore::Source::None ||
                                            m_keys->keychainState() == ApiKeyStore::KeychainState::Unknown));
    m_noKeychain->setVisible(noKeychain);
    m_keepForSession->setVisible(noKeychain);
    m_keepForSession->setEnabled(hasText && !keyBusy);
    growToFit();
}

#pragma once

#include "api/GenerationRequest.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

class QSettings;

// Paddock's preferences, typed, with every default in one place. Enums are stored as readable text
// ("720P", "16:9"). Never holds a secret: the API key lives in the system keychain.
class AppSettings final
{
public:
    // Reads and writes the user's settings (QSettings' default location for Paddock).
    AppSettings();
    // Reads and writes the given file, in INI format (tests).
    explicit AppSettings(const QString &iniPath);
    ~AppSettings();
    AppSettings(const AppSettings &) = delete;
    AppSettings &operator=(const AppSettings &) = delete;

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray splitterState(const QString &name) const;
    void setSplitterState(const QString &name, const QByteArray &state);

    // The form as it was left. Images come back only when rememberImages() was on when it was saved, and
    // only local files that still exist.
    GenerationRequest lastRequest() const;
    void setLastRequest(const GenerationRequest &request);
    bool rememberImages() const; // default false: images can be private
    void setRememberImages(bool remember);
    bool seedLocked() const;
    void setSeedLocked(bool locked);

    // Spending limits (account/SpendGuard): none, none and $5.00 by default; std::nullopt turns one off.
    std::optional<qint64> sessionLimitCents() const;
    void setSessionLimitCents(std::optional<qint64> cents);
    std::optional<qint64> dayLimitCents() const;
    void setDayLimitCents(std::optional<qint64> cents);
    std::optional<qint64> confirmAboveCents() const;
    void setConfirmAboveCents(std::optional<qint64> cents);

    int maxConcurrentJobs() const; // default 4, 1..16
    void setMaxConcurrentJobs(int count);

    // True once the user closed the first-start offer to enter an API key: it is not offered again.
    bool firstRunKeyPromptDismissed() const; // default false
    void setFirstRunKeyPromptDismissed(bool dismissed);

    void sync();

private:
    std::unique_ptr<QSettings> m_settings;
};

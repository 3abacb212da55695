#include "FirstRunPrompt.h"

#include "account/ApiKeyStore.h"
#include "settings/AppSettings.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

FirstRunPrompt::FirstRunPrompt(ApiKeyStore *keys, AppSettings *settings, const QString &notice, QWidget *parent)
    : QFrame(parent), m_keys(keys), m_settings(settings)
{
    setObjectName(u"firstRunPrompt"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase); // stands out from the window in light and dark themes alike
    setAccessibleName(u"Enter your API key"_s);

    auto *layout = new QHBoxLayout(this);
    const QString offer = notice.isEmpty()
                              ? u"To generate videos, Paddock needs your Segmind API key. It is kept in the system "
                                u"keychain. You can also try Paddock in demo mode without one."_s
                              : notice + u" To make real videos, enter your Segmind API key: it is kept in the system "
                                         u"keychain."_s;
    auto *text = new QLabel(offer, this);
    text->setObjectName(u"firstRunText"_s);
    text->setTextFormat(Qt::RichText);
    text->setWordWrap(true);
    text->setAccessibleName(u"Service notice"_s);
    layout->addWidget(text, 1);

    auto *enter = new QPushButton(u"Enter API key…"_s, this);
    enter->setObjectName(u"enterKeyButton"_s);
    enter->setToolTip(u"Open the settings at the API key."_s);
    connect(enter, &QPushButton::clicked, this, &FirstRunPrompt::enterKeyRequested);
    layout->addWidget(enter);

    auto *notNow = new QPushButton(u"Not now"_s, this);
    notNow->setObjectName(u"dismissKeyPromptButton"_s);
    notNow->setToolTip(u"Hide this and do not offer again. The key is always in Settings."_s);
    connect(notNow, &QPushButton::clicked, this, &FirstRunPrompt::dismiss);
    layout->addWidget(notNow);

    // Entered from anywhere (the settings, or a keychain that answered late): the offer has done its job.
    connect(m_keys, &ApiKeyStore::keyChanged, this, [this] {
        if (m_keys->hasKey())
            hide();
    });
}

bool FirstRunPrompt::shouldOffer(const ApiKeyStore &keys, const AppSettings &settings)
{
    // While the keychain is still answering, a key may yet arrive: offering now could nag someone who has one.
    return !keys.hasKey() && !keys.isBusy() && !settings.firstRunKeyPromptDismissed();
}

void FirstRunPrompt::dismiss()
{
    m_settings->setFirstRunKeyPromptDismissed(true);
    m_settings->sync();
    hide();
}

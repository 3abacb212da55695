#include "SeedEditor.h"

#include "api/GenerationRequest.h"
#include "PaintedIcon.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QToolButton>

using namespace Qt::StringLiterals;

SeedEditor::SeedEditor(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    m_edit = new QLineEdit(this);
    m_edit->setPlaceholderText(u"Random"_s);
    m_edit->setClearButtonEnabled(true);
    m_edit->setAccessibleName(u"Seed"_s);
    m_edit->setToolTip(u"Leave empty for a new random result each time. The same seed with the same settings gives "
                       "a similar video: use one to try small changes to a prompt."_s);
    // Digits only; the range is the request's rule, so an out-of-range number is explained rather than refused.
    m_edit->setValidator(new QRegularExpressionValidator(QRegularExpression(u"[0-9]{0,10}"_s), m_edit));
    layout->addWidget(m_edit, 1);

    m_dice = new QToolButton(this);
    m_dice->setIcon(PaintedIcon::dice());
    m_dice->setAccessibleName(u"Pick a random seed"_s);
    m_dice->setToolTip(u"Pick a random seed, so that you can make this result again later"_s);
    layout->addWidget(m_dice);

    m_lock = new QToolButton(this);
    m_lock->setIcon(PaintedIcon::lock());
    m_lock->setCheckable(true);
    m_lock->setAccessibleName(u"Keep this seed"_s);
    m_lock->setToolTip(u"Locked: the seed stays for the next generations, to vary the prompt while keeping the "
                       "look.\nUnlocked: the seed box is emptied after you press Generate, so the next video is "
                       "random again."_s);
    layout->addWidget(m_lock);

    connect(m_edit, &QLineEdit::textChanged, this, &SeedEditor::seedChanged);
    connect(m_dice, &QToolButton::clicked, this, &SeedEditor::rollDice);
}

std::optional<qint64> SeedEditor::seed() const
{
    bool ok = false;
    const qint64 value = m_edit->text().toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return value;
}

void SeedEditor::setSeed(std::optional<qint64> seed)
{
    const QString text = seed ? QString::number(*seed) : QString();
    if (text != m_edit->text())
        m_edit->setText(text);
}

bool SeedEditor::isLocked() const
{
    return m_lock->isChecked();
}

void SeedEditor::setLocked(bool locked)
{
    m_lock->setChecked(locked);
}

void SeedEditor::rollDice()
{
    setSeed(QRandomGenerator::global()->bounded(GenerationRequest::kMaxSeed + 1));
}

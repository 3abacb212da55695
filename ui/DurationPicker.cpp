#include "DurationPicker.h"

#include "api/GenerationRequest.h"

#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

using namespace Qt::StringLiterals;

DurationPicker::DurationPicker(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_slider = new QSlider(Qt::Horizontal, this);
    m_spin = new QSpinBox(this);
    m_slider->setRange(GenerationRequest::kMinDurationSeconds, GenerationRequest::kMaxDurationSeconds);
    m_slider->setPageStep(1);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setTickInterval(1);
    m_slider->setAccessibleName(u"Duration"_s);
    m_spin->setRange(GenerationRequest::kMinDurationSeconds, GenerationRequest::kMaxDurationSeconds);
    m_spin->setSuffix(u" s"_s);
    m_spin->setAccessibleName(u"Duration in seconds"_s);
    const QString tip = u"How long the video lasts: %1 to %2 seconds. The price is per second."_s
                            .arg(GenerationRequest::kMinDurationSeconds)
                            .arg(GenerationRequest::kMaxDurationSeconds);
    m_slider->setToolTip(tip);
    m_spin->setToolTip(tip);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_spin);

    // Each control moves the other; only the spin box reports, so a change is announced once.
    connect(m_slider, &QSlider::valueChanged, m_spin, &QSpinBox::setValue);
    connect(m_spin, &QSpinBox::valueChanged, this, [this](int seconds) {
        const QSignalBlocker blocker(m_slider);
        m_slider->setValue(seconds);
        Q_EMIT valueChanged(seconds);
    });
    setValue(5);
}

int DurationPicker::value() const
{
    return m_spin->value();
}

void DurationPicker::setValue(int seconds)
{
    m_spin->setValue(seconds);
    const QSignalBlocker blocker(m_slider);
    m_slider->setValue(m_spin->value());
}

#pragma once

#include <QWidget>

class QSlider;
class QSpinBox;

// The clip length in whole seconds, as a slider for a quick pick and a spin box for an exact one, kept in step.
class DurationPicker final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DurationPicker)

public:
    explicit DurationPicker(QWidget *parent = nullptr);

    int value() const;
    void setValue(int seconds);
    QSlider *slider() const { return m_slider; }
    QSpinBox *spinBox() const { return m_spin; }

Q_SIGNALS:
    void valueChanged(int seconds);

private:
    QSlider *m_slider = nullptr;
    QSpinBox *m_spin = nullptr;
};

#pragma once

#include <QWidget>

#include <optional>

class QLineEdit;
class QToolButton;

// The seed: empty for a random one, a dice to pick one, and a lock to keep it for the next generations.
class SeedEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SeedEditor)

public:
    explicit SeedEditor(QWidget *parent = nullptr);

    // std::nullopt when empty. Numbers out of range are returned as typed, for the request to explain.
    std::optional<qint64> seed() const;
    void setSeed(std::optional<qint64> seed);
    bool isLocked() const;
    void setLocked(bool locked);
    void rollDice();

Q_SIGNALS:
    void seedChanged();

private:
    QLineEdit *m_edit = nullptr;
    QToolButton *m_dice = nullptr;
    QToolButton *m_lock = nullptr;
};

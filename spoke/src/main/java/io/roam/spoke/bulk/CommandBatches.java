package io.roam.spoke.bulk;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Sends an import's commands a batch at a time, each batch in one unit of work and one database
 * transaction: every command is handled as alone, in a unit nested in the batch's, and the
 * batch's events are stored, numbered and published in one commit, where a commit per command
 * took most of an import's time. A batch that fails is rolled back whole.
 */
@Component
class CommandBatches {

    /**
     * Commands per batch. The store's numbering lock is held while a batch commits, so a login
     * waits at most for one batch; much larger batches were slower, not faster, when measured.
     */
    static final int SIZE = 100;

    private final CommandGateway commands;
    private final TransactionManager transactions;

    CommandBatches(CommandGateway commands, TransactionManager transactions) {
        this.commands = commands;
        this.transactions = transactions;
    }

    void send(List<?> all) {
        for (int from = 0; from < all.size(); from += SIZE) {
            List<?> batch = all.subList(from, Math.min(all.size(), from + SIZE));
            DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            unitOfWork.attachTransaction(transactions);
            unitOfWork.execute(() -> batch.forEach(commands::sendAndWait));
        }
    }
}

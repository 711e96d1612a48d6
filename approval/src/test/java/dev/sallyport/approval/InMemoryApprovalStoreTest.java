package dev.sallyport.approval;

class InMemoryApprovalStoreTest extends ApprovalStoreContract {
  @Override
  protected ApprovalStore store() {
    return new InMemoryApprovalStore();
  }

  @Override
  protected ApprovalStore reopen() {
    return null;
  }
}
